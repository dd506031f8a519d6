import torch
import torch.nn as nn
import torch.nn.functional as F

from contour_point_gcn import ContourPointGCN


class EBLNet(nn.Module):
    """The refinement cascade of EBLNet; the ResNet backbone, ASPP and edge extractor are one conv each here."""

    def __init__(self, num_classes=2, num_cascade=1, num_points=16, threshold=0.8, channels=8):
        super(EBLNet, self).__init__()
        self.num_cascade = num_cascade
        self.num_points = num_points
        self.threshold = threshold
        self.layer0 = nn.Conv2d(3, channels, kernel_size=3, padding=1, bias=False)
        self.body_extractor = nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)
        self.edge_extractor = nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)

        self.refines = [ContourPointGCN(channels, self.num_points, self.threshold) for _ in range(self.num_cascade)]
        self.refines = nn.ModuleList(self.refines)

        self.edge_out = nn.ModuleList([nn.Conv2d(channels, 1, kernel_size=1, bias=False)
                                       for _ in range(self.num_cascade)])
        self.final_seg_out = nn.ModuleList([nn.Conv2d(channels, num_classes, kernel_size=1, bias=False)
                                            for _ in range(self.num_cascade)])

    def forward(self, x):
        feat = self.layer0(x)
        seg_final_outs = []
        for i in range(self.num_cascade):
            seg_body = self.body_extractor(feat)
            seg_edge = self.edge_extractor(feat)
            seg_edge_out_pre = self.edge_out[i](seg_edge)

            seg_out = seg_body + seg_edge
            seg_out = self.refines[i](seg_out, torch.sigmoid(seg_edge_out_pre.clone().detach()))
            seg_final_outs.append(self.final_seg_out[i](seg_out))
        return seg_final_outs[-1]

import torch
import torch.nn as nn


class DGUNet(nn.Module):
    """The 7-stage deep generalized unfolding network, standing in as three small residual
    stages. Like the original, forward returns every stage's restored image, last stage first."""

    def __init__(self, in_c=3, n_feat=8, depth=3):
        super(DGUNet, self).__init__()
        self.stages = nn.ModuleList([
            nn.Sequential(nn.Conv2d(in_c, n_feat, 3, padding=1), nn.PReLU(), nn.Conv2d(n_feat, in_c, 3, padding=1))
            for _ in range(depth)])

    def forward(self, img):
        restored = []
        x = img
        for stage in self.stages:
            x = x + stage(x)
            restored.append(x)
        return restored[::-1]

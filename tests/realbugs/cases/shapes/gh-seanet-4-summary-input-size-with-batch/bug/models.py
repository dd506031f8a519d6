import torch
import torch.nn as nn
import torch.nn.functional as F


class SEANet(nn.Module):
    """Stand-in for the repository's SEANet: its VGG-style encoder entry (conv1_1 on the 3-channel image) and a
    1x1 head, enough to reach the first convolution the way the full model does."""

    def __init__(self, num_classes=1):
        super(SEANet, self).__init__()
        self.activ = nn.ReLU(inplace=True)
        self.conv1_1 = nn.Conv2d(3, 64, 3, padding=1)
        self.conv1_2 = nn.Conv2d(64, 64, 3, padding=1)
        self.pool1 = nn.MaxPool2d(2, 2)
        self.head = nn.Conv2d(64, num_classes, 1)

    def forward(self, x):
        # VGG
        img_H, img_W = x.shape[2], x.shape[3]
        conv1_1 = self.activ(self.conv1_1(x))  # expect: TL406
        conv1_2 = self.activ(self.conv1_2(conv1_1))
        pool1 = self.pool1(conv1_2)
        out = self.head(pool1)
        return F.interpolate(out, size=(img_H, img_W), mode='bilinear', align_corners=True)

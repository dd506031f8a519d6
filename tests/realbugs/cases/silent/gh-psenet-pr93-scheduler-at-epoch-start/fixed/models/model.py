# -*- coding: utf-8 -*-
# The ResNet-FPN PSENet (models/model.py with models/resnet.py) stands in as a small conv net with
# the same interface: n kernel maps at the input's resolution.
import torch
from torch import nn


class PSENet(nn.Module):
    def __init__(self, backbone, result_num=6, scale: int = 1, pretrained=False):
        super(PSENet, self).__init__()
        self.scale = scale
        self.features = nn.Sequential(nn.Conv2d(3, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
                                      nn.Conv2d(16, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True))
        self.out_conv = nn.Conv2d(16, result_num, kernel_size=1, stride=1)

    def forward(self, input: torch.Tensor):
        return self.out_conv(self.features(input))

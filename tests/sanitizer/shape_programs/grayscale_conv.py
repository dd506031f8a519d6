"""A 3-channel ImageNet-style first conv fed single-channel (grayscale) images."""
import torch
import torch.nn as nn

stem = nn.Sequential(nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3), nn.ReLU())
batch = torch.randn(4, 1, 64, 64)
features = stem(batch)

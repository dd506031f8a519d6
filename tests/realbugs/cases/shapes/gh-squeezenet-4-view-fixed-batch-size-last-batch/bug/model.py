import torch.nn as nn


class SqueezeNet(nn.Module):
    """Stand-in for the repository's CIFAR SqueezeNet: a conv stack whose classifier is a 1x1 conv to
    num_classes followed by global average pooling, so the scores come out as (N, 10, 1, 1)."""

    def __init__(self, num_classes=10):
        super(SqueezeNet, self).__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(2, 2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(inplace=True),
        )
        self.classifier = nn.Sequential(
            nn.Conv2d(64, num_classes, 1), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d(1),
            nn.LogSoftmax(dim=1),
        )

    def forward(self, x):
        return self.classifier(self.features(x))

# Stand-in for torchvision.models.densenet121/169/201 (no ImageNet weights here): a small conv
# net with the attribute DensenetModels.py rewires, `classifier` (an nn.Linear with in_features).
import torch.nn as nn
import torch.nn.functional as F


class _DenseNetStandIn(nn.Module):
    def __init__(self, num_features):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, num_features, 3, 2, 1), nn.BatchNorm2d(num_features), nn.ReLU(inplace=True))
        self.classifier = nn.Linear(num_features, 1000)

    def forward(self, x):
        out = F.adaptive_avg_pool2d(self.features(x), (1, 1)).flatten(1)
        return self.classifier(out)


def densenet121(pretrained=False):
    return _DenseNetStandIn(32)


def densenet169(pretrained=False):
    return _DenseNetStandIn(40)


def densenet201(pretrained=False):
    return _DenseNetStandIn(48)

# Stand-in for torchvision.models.resnet101: no weights to download here, so a module with the
# attributes RefineNet takes from the ResNet (conv1, bn1, relu, maxpool, layer1..layer4) and the
# same channel counts (256/512/1024/2048) and strides (4/8/16/32), each layer one 1x1 conv block.
import torch.nn as nn


class _ResNetStandIn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = nn.Sequential(nn.Conv2d(64, 256, 1, 1, bias=False), nn.BatchNorm2d(256), nn.ReLU(inplace=True))
        self.layer2 = nn.Sequential(nn.Conv2d(256, 512, 1, 2, bias=False), nn.BatchNorm2d(512), nn.ReLU(inplace=True))
        self.layer3 = nn.Sequential(nn.Conv2d(512, 1024, 1, 2, bias=False), nn.BatchNorm2d(1024), nn.ReLU(inplace=True))
        self.layer4 = nn.Sequential(nn.Conv2d(1024, 2048, 1, 2, bias=False), nn.BatchNorm2d(2048), nn.ReLU(inplace=True))


def resnet101(pretrained=False):
    return _ResNetStandIn()

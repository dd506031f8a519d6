"""androidkt.com "Fix RuntimeError: mat1 and mat2 shapes cannot be multiplied": the Linear after two
conv blocks is sized 1050, but 28x28 MNIST images flatten to 32 * 7 * 7 = 1568."""
import torch
import torch.nn as nn


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 16, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))
        self.conv2 = nn.Sequential(nn.Conv2d(16, 32, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))
        self.out = nn.Linear(1050, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = self.conv2(x)
        x = x.view(x.size(0), -1)
        output = self.out(x)
        return output


cnn = CNN()
images = torch.randn(2, 1, 28, 28)
logits = cnn(images)

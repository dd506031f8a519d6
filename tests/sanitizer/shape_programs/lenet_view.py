"""The CIFAR-10 tutorial's LeNet (x.view(-1, 16 * 5 * 5)) fed 28x28 MNIST digits: 16 * 4 * 4 = 256
values per image, so the batch of 4 holds 1024 and a view to rows of 400 cannot exist."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        return self.fc1(x)


net = Net()
digits = torch.randn(4, 1, 28, 28)
net(digits)

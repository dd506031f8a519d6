import torch
import torch.nn as nn
import torch.nn.functional as F


def mish(x):
    return x * torch.tanh(F.softplus(x))


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 64, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(64, 256, 5)
        self.dp1 = nn.Dropout2d(p=.25)
        self.fc1 = nn.Linear(256 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        residual = x
        x = self.pool(mish(self.conv1(x)))
        x = self.pool(mish(self.conv2(x)))
        x = x.view(-1, 256 * 5 * 5)
        x = self.dp1(x)
        if residual.shape == x.shape:
            x += residual
        x = mish(self.fc1(x))
        x = mish(self.fc2(x))
        x = self.fc3(x)

        return x

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        out = self.conv1(x)
        out = F.relu(out)
        out = F.max_pool2d(out, 2)
        out = F.relu(self.conv2(out))
        out = F.max_pool2d(out, 2)
        out = out.view(out.size(0), -1)
        out = F.relu(self.fc1(out))
        out = F.relu(self.fc2(out))
        out = self.fc3(out)
        return out


net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

# batches of 64 grey 32x32 digits, read as (N, H, W) arrays without a channel axis
# (random tensors instead of the user's padded MNIST arrays)
batches = [(torch.rand(64, 32, 32), torch.randint(0, 10, (64,))) for _ in range(2)]

for x, y in batches:
    optimizer.zero_grad()
    output = net(x.unsqueeze(1))
    loss = criterion(output, y)
    loss.backward()
    optimizer.step()
    print(loss.item())

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv1_p = nn.Conv2d(16, 16, 3, padding=1)
        self.side = nn.Conv2d(3, 16, 1)
        self.head = nn.Linear(16, 10)

    def forward(self, input):
        some_layer = self.side(input)
        x = self.conv1(input)  # main branch
        x_p = self.conv1_p(x)  # another branch
        x = x + some_layer  # main branch
        out = torch.cat([x, x_p], dim=1).mean(dim=(2, 3))
        return self.head(out[:, :16] + out[:, 16:])


net = Net()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
criterion = nn.CrossEntropyLoss()
for step in range(2):
    input = torch.randn(4, 3, 8, 8)
    target = torch.randint(0, 10, (4,))
    optimizer.zero_grad()
    loss = criterion(net(input), target)
    loss.backward()
    optimizer.step()
    print(step, loss.item())

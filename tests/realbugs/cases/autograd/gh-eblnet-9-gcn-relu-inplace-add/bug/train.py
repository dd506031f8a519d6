import torch
import torch.nn as nn

from EBLNet import EBLNet

net = EBLNet()
criterion = nn.CrossEntropyLoss()
optim = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

net.train()
for i in range(2):
    inputs = torch.randn(2, 3, 16, 16)
    gts = torch.randint(0, 2, (2, 16, 16))
    optim.zero_grad()
    main_loss = criterion(net(inputs), gts)
    main_loss.backward()
    optim.step()
    print(i, main_loss.item())

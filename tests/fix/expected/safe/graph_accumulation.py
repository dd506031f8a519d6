"""A training loop that keeps every step's graph alive through its running loss (TL104)."""

import torch
import torch.nn as nn

model = nn.Linear(20, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
criterion = nn.MSELoss()
running_loss = 0.0

for step in range(100):
    inputs = torch.randn(32, 20)
    targets = torch.randn(32, 1)
    optimizer.zero_grad()
    loss = criterion(model(inputs), targets)
    loss.backward()
    optimizer.step()
    running_loss += loss.item()

print(running_loss / 100)

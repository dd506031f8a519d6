"""A training loop that never clears gradients between steps (TL105)."""

import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for step in range(50):
    x = torch.randn(10, 3)
    loss = model(x).pow(2).mean()
    loss.backward()
    optimizer.step()

"""TL301: weight "snapshots" taken with `.numpy()` all follow the live weight.

`.detach().numpy()` shares memory; the optimizer's in-place update then
rewrites every snapshot. `.copy()` (or `.clone()` first) keeps them apart.
"""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
snapshots = []
for step in range(3):
    snapshots.append(model.weight.detach().numpy())
    loss = model(torch.ones(4, 2)).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print("all snapshots equal the final weight:",
      all((shot == model.weight.detach().numpy()).all() for shot in snapshots))

"""A clean training script: `tensorlens run` must report nothing here.

It walks close to every rule's edge on purpose: numpy data through a
DataLoader, a CPU scalar tensor mixed into `meta` ops, in-place updates under
no_grad, `.detach().numpy()`, a retained graph, micro-batch accumulation with
one backward, and a running loss kept with `.item()`.
"""

import sys

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
rng = np.random.default_rng(0)


class Points(Dataset):
    def __init__(self, n):
        self.x = rng.standard_normal((n, 8)).astype(np.float32)
        self.y = (self.x.sum(axis=1) > 0).astype(np.int64)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
loader = DataLoader(Points(64), batch_size=16, shuffle=True)

running = 0.0
for epoch in range(2):
    for features, labels in loader:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(features), labels)
        loss.backward()
        optimizer.step()
        running += loss.item()

# micro-batches summed, then one backward on the sum
optimizer.zero_grad()
total = 0
for chunk in torch.randn(4, 2, 8):
    total = total + model(chunk).logsumexp(dim=1).mean()
total.backward()

# the same graph twice, on purpose
hidden = model(torch.randn(3, 8))
hidden.sum().backward(retain_graph=True)
hidden.mean().backward()

# manual in-place updates, inside no_grad
with torch.no_grad():
    for parameter in model.parameters():
        parameter.mul_(0.999)
        parameter.add_(torch.zeros_like(parameter))

# numpy round trips that are safe
weights = model[0].weight.detach().numpy().copy()
table = torch.from_numpy(np.ones((2, 2), dtype=np.float32))
scratch = torch.from_numpy(np.zeros(3, dtype=np.float32))  # nobody else holds that array
scratch += 1
print("table sum", float(table.sum()), "weights", weights.shape)

# a CPU scalar tensor joining ops on another device is allowed, as with cuda
on_meta = torch.ones(4, device="meta")
scaled = on_meta * torch.tensor(2.0) + torch.tensor(1.0)
print("meta result", tuple(scaled.shape), scaled.device)

print(f"running loss {running:.3f}", "name", __name__, "argv", sys.argv[1:])

"""The loss rebuilt as a new leaf before backward (discuss.pytorch.org "loss doesn't decrease", a
custom loss returning torch.tensor(loss.item(), requires_grad=True)): backward reaches no parameter.
`fixed` returns the loss itself. Prints whether the weights changed."""
import sys

import torch
import torch.nn as nn


def my_loss(output, target):
    loss = ((output - target) ** 2).mean()
    if sys.argv[1:] == ["fixed"]:
        return loss
    return torch.tensor(loss.item(), requires_grad=True)


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
before = [p.detach().clone() for p in model.parameters()]
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(32, 4), torch.randn(32, 1)
for _step in range(5):
    optimizer.zero_grad()
    loss = my_loss(model(x), y)
    loss.backward()
    optimizer.step()
print("changed" if any(not torch.equal(a, b) for a, b in zip(before, model.parameters())) else "unchanged")

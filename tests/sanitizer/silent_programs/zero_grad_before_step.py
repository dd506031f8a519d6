"""zero_grad() between backward() and step() (a reordered loop): the step sees no gradient.
`fixed` zeroes first. Prints whether the weights changed."""
import sys

import torch

torch.manual_seed(0)
model = torch.nn.Linear(3, 1)
before = model.weight.detach().clone()
optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
data, target = torch.randn(16, 3), torch.randn(16, 1)
for _step in range(4):
    if sys.argv[1:] == ["fixed"]:
        optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(data), target)
    loss.backward()
    if sys.argv[1:] != ["fixed"]:
        optimizer.zero_grad()
    optimizer.step()
print("changed" if not torch.equal(before, model.weight) else "unchanged")

"""TL104: `total_loss += loss` keeps every step's graph alive; it grows step after step."""

import torch
from torch import nn


def graph_depth(tensor):
    depth, node = 0, tensor.grad_fn
    while node is not None and node.next_functions:
        depth += 1
        node = node.next_functions[0][0]
    return depth


torch.manual_seed(0)
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
total_loss = 0
depths = []
for step in range(5):
    optimizer.zero_grad()
    loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()
    optimizer.step()
    total_loss += loss  # should be loss.item()
    depths.append(graph_depth(total_loss))
print("graph depth of total_loss, step by step:", depths)

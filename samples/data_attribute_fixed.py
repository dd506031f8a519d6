"""The change made after the backward that needed the old values, under no_grad where autograd sees it."""

import torch

x = torch.arange(4.0, requires_grad=True)
y = x ** 2  # saves x for backward
print("before:", x.detach())
y.sum().backward()
with torch.no_grad():
    x *= 100
print(x.grad)  # 2 * x

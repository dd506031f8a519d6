"""A tensor saved for backward changed through `.data`: the gradient is silently wrong (TL106)."""

import torch

x = torch.arange(4.0, requires_grad=True)
y = x ** 2  # saves x for backward
print("before:", x.detach())
x.data *= 100
y.sum().backward()
print(x.grad)  # 200 * x, not 2 * x

"""Reading the gradient of an intermediate activation that asked to keep it."""

import torch

x = torch.randn(4, 3, requires_grad=True)
hidden = x * 2
hidden.retain_grad()
out = hidden.sum()
out.backward()
print(hidden.grad)

"""Reading the gradient of an intermediate activation (TL107)."""

import torch

x = torch.randn(4, 3, requires_grad=True)
hidden = x * 2
out = hidden.sum()
out.backward()
print(hidden.grad)

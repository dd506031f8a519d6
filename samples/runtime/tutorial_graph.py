"""The autograd tutorial's example: a loss whose graph reuses y twice."""

import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 1
z = y * y * 2
out = z.mean()
breakpoint()
out.backward()
print("x.grad", x.grad.tolist())

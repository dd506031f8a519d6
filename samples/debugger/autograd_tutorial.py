"""The autograd tutorial's first example, stopped before and after backward().

The debugpy tests set breakpoints on the lines marked ``# STOP:`` and check
what the Variables view shows; the printed results must be the same with and
without the debugger.
"""

import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 1
out = (y * y * 2).mean()
print("out", out.item(), "version", x._version, y._version)  # STOP: forward
out.backward()
print("grad", x.grad.tolist(), "version", x._version)  # STOP: backward

"""The classic "60 minute blitz" tutorial, written so TensorLens finds nothing.

Tensors, the NumPy bridge, moving to a device, and autograd on
`x = torch.ones(2, 2, requires_grad=True)`.
"""

import numpy as np
import torch

# Tensors
x = torch.empty(5, 3)
x = torch.rand(5, 3)
x = torch.zeros(5, 3, dtype=torch.long)
x = torch.tensor([5.5, 3])
x = x.new_ones(5, 3, dtype=torch.double)
x = torch.randn_like(x, dtype=torch.float)
y = torch.rand(5, 3)
print(x + y)
result = torch.empty(5, 3)
torch.add(x, y, out=result)
y.add_(x)
print(y[:, 1])

# The NumPy bridge: these share memory, so copy before mutating one side.
a = torch.ones(5)
b = a.numpy().copy()
a.add_(1)
print(a, b)

c = np.ones(5)
d = torch.tensor(c)
np.add(c, 1, out=c)
print(c, d)

# Devices: everything that meets in one op moves together.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
x = x.to(device)
y = torch.ones_like(x, device=device)
z = x + y
print(z.to("cpu", torch.double))

# Autograd
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

with torch.no_grad():
    x -= 0.1 * x.grad
    x.grad.zero_()

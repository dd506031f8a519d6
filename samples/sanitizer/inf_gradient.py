"""TL501 (--nonfinite) in backward: sqrt(0) is finite, its gradient is not.

The forward values are all finite; the backward of `x.sqrt()` produces Inf
from a finite incoming gradient. Attention-style masks (`masked_fill` with
-inf) are the program's own Inf and are not reported.
"""

import torch

x = torch.tensor([0.0, 1.0, 4.0], requires_grad=True)
mask = torch.tensor([False, True, False])
masked = torch.zeros(3).masked_fill(mask, float("-inf"))
attention = torch.softmax(masked, dim=0)
root = x.sqrt()
loss = (root * attention).sum()
loss.backward()
print("grad", x.grad.tolist())

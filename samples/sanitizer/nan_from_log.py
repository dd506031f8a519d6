"""TL501 (--nonfinite): a NaN made by one op, then spread by every op after it.

`torch.log` of a tensor with negative entries is the op to report: the
later `*` and `.mean()` only pass the NaN on.
"""

import torch

torch.manual_seed(0)
scores = torch.randn(16)  # some entries are negative
weights = torch.ones(16)
logs = torch.log(scores)
weighted = logs * weights
print("mean", weighted.mean().item())

"""TL302: `.numpy()` on a tensor that requires grad (PyTorch raises; needs `.detach()`)."""

import torch
from torch import nn

model = nn.Linear(3, 1)
prediction = model(torch.ones(2, 3))
print("predictions:", prediction.numpy())

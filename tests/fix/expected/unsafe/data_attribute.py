"""Weight clipping written through `.data`, invisible to autograd (TL106)."""

import torch
import torch.nn as nn

critic = nn.Linear(64, 1)
for param in critic.parameters():
    param.data.clamp_(-0.01, 0.01)
snapshot = critic.weight.detach()

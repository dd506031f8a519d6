"""Weight clipping under no_grad, where autograd knows about it."""

import torch
import torch.nn as nn

critic = nn.Linear(64, 1)
with torch.no_grad():
    for param in critic.parameters():
        param.clamp_(-0.01, 0.01)
snapshot = critic.weight.detach()

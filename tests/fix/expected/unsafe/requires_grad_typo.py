"""A learnable temperature that never learns: `requires_grads` is silently ignored (TL108)."""

import torch

temperature = torch.ones(1)
temperature.requires_grad = True
bias = torch.zeros(3)
bias.requires_grad = True

"""A learnable temperature and bias that really require grad."""

import torch

temperature = torch.ones(1)
temperature.requires_grad = True
bias = torch.zeros(3)
bias.requires_grad_(True)

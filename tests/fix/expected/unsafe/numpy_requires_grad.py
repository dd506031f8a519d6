"""Plotting a learnable embedding straight from the parameter (TL302)."""

import torch

embedding = torch.randn(10, 2, requires_grad=True)
points = embedding.detach().numpy()

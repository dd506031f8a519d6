"""Plotting a learnable embedding through a detached view."""

import torch

embedding = torch.randn(10, 2, requires_grad=True)
points = embedding.detach().numpy()

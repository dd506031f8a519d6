"""Stops with the loss of a 64-layer model: its grad_fn graph (321 nodes) opens folded by module."""
import torch
from torch import nn


def step():
    model = nn.Sequential(*[nn.Sequential(*[m for _ in range(16) for m in (nn.Linear(3, 3), nn.ReLU())]) for _ in range(4)])
    loss = model(torch.randn(2, 3)).sum()
    return loss  # BREAKPOINT


if __name__ == "__main__":
    step()

"""Stops with tensors of every kind in one frame: the TensorLens debug view's sample."""
import numpy as np
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(x)


def train_step():
    model = Net()
    batch = torch.randn(8, 4)
    # The autograd tutorial's example: a small graph with a shared node (y * y).
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 1
    out = (y * y * 2).mean()
    # meta tensors have a device of their own: a device mix on a CPU-only machine.
    scratch = torch.empty(16, 4, device="meta")
    a = np.zeros(3, dtype=np.float32)
    t = torch.from_numpy(a)
    logits = model(batch)
    return out, logits, scratch, t  # BREAKPOINT


if __name__ == "__main__":
    train_step()

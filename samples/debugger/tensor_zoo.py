"""Tensors a debugger has to show without freezing: meta, large, numpy-shared, a module.

Debugged by tests/debugpy; stops on the line marked ``# STOP:``. The printed
checksums must not change when the debugger inspects every variable.
"""

import numpy as np
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.norm = nn.BatchNorm1d(3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(self.fc(x))


class BrokenTensor(torch.Tensor):
    """A tensor subclass whose every attribute read raises, as a buggy extension type might.

    Its repr records each call: a debugger that falls back to repr() (slow on
    real tensors) leaves a trace the tests can read.
    """

    repr_calls = []

    def __getattribute__(self, name):
        raise RuntimeError(f"BrokenTensor refuses {name}")

    def __repr__(self):
        BrokenTensor.repr_calls.append(1)
        raise RuntimeError("BrokenTensor has no repr")


torch.manual_seed(0)
on_meta = torch.empty(3, 1024, 1024, device="meta")
big = torch.arange(10_000_000, dtype=torch.float32)
array = np.linspace(0.0, 1.0, 6, dtype=np.float32)
shared = torch.from_numpy(array)
model = Net()
model.eval()
weight = model.fc.weight
broken = torch.Tensor._make_subclass(BrokenTensor, torch.zeros(2))
print("checksum", float(big.sum()), float(shared.sum()), big._version, shared._version)  # STOP: zoo
print("model", sum(p.numel() for p in model.parameters()), model.training)

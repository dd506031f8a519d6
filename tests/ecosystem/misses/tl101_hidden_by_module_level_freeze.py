"""TL101 missed: a module-level freeze loop hides findings in another class.

From: issue 15's survey of fine-tuning scripts (a backbone frozen at module level, a new
head's parameters written in its ``__init__``); written here in that shape. Deleting the
three freeze lines makes the engine report the marked line: the loop over
``backbone.parameters()`` is merged into what the engine knows about every parameter.
The bug: ``self.fc.bias.add_(1)`` runs on a fresh leaf parameter outside no_grad and raises
``RuntimeError: a leaf Variable that requires grad is being used in an in-place operation``.
"""
# miss: TL101
# raises: RuntimeError

import torch
from torch import nn

backbone = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
for p in backbone.parameters():
    p.requires_grad = False


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.fc.weight.data.normal_(0, 0.01)
        self.fc.bias.add_(1)  # expect: TL101


model = nn.Sequential(backbone, Head())

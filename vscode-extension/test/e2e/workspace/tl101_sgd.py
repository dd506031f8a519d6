"""A hand-written SGD step: the in-place update of a parameter that requires grad (TL101)."""
import torch
from torch import nn

model = nn.Linear(4, 2)
batch = torch.randn(8, 4)
loss = model(batch).pow(2).mean()
loss.backward()
for p in model.parameters():
    p -= 0.1 * p.grad  # TL101

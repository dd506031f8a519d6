"""A gating layer that scales its sigmoid output out of place."""

import torch

logits = torch.randn(8, 4, requires_grad=True)
gate = torch.sigmoid(logits)
gate = gate * 0.5
loss = gate.sum()
loss.backward()

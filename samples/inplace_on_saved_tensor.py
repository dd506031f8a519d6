"""A gating layer that clamps its sigmoid output in place before backward (TL102)."""

import torch

logits = torch.randn(8, 4, requires_grad=True)
gate = torch.sigmoid(logits)
gate.mul_(0.5)  # sigmoid saved `gate` for its backward; this changes it
loss = gate.sum()
loss.backward()

"""Containers of tensors, as a training step holds them: activations, a batch dict, pairs.

Stopped at the line marked ``# STOP:``; a stock debugger formats every tensor
inside these with torch's repr at every stop.
"""

import torch

torch.manual_seed(0)
activations = [torch.zeros(64, 128) for _ in range(50)]
batch = {"x": torch.randn(8, 4), "y": torch.arange(8), "size": 8}
pair = (torch.ones(2), torch.ones(3, requires_grad=True))
batches = [(torch.zeros(2), 1), (torch.zeros(2), 2)]
plain = [1, 2, 3]
total = float(torch.stack(activations).sum())  # STOP: containers
print("sums", total, float(batch["x"].sum()), len(batches), activations[0]._version)

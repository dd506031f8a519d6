"""TL103: two losses share one forward pass; the second backward finds the graph freed."""

import torch
from torch import nn

encoder = nn.Linear(4, 4)
hidden = torch.tanh(encoder(torch.randn(2, 4)))
reconstruction = hidden.pow(2).mean()
sparsity = hidden.abs().mean()

reconstruction.backward()
sparsity.backward()  # RuntimeError: Trying to backward through the graph a second time
print("both backward passes ran")

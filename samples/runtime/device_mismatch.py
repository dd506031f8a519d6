"""A model moved to another device while its input stays on the CPU.

The meta device stands in for CUDA so this fails the same way on any machine:
F.linear gets a CPU input and meta weights.
"""

import torch
from torch import nn


def main() -> None:
    torch.manual_seed(0)
    model = nn.Linear(3, 2).to("meta")
    inputs = torch.randn(5, 3)
    print(model(inputs).shape)


main()

"""A file that does not parse (TL000): the run continues with the others."""

import torch

def broken(x:
    return torch.ones(3)

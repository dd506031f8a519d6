"""Attention scores with the keys not transposed: (8x64) @ (8x64) instead of q @ k.T."""
import torch

queries = torch.randn(8, 64)
keys = torch.randn(8, 64)
scores = queries @ keys

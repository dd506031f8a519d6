"""Batches for device_mix_other_module.py: the features follow `device`, the labels do not."""

import torch


def make_batch(device):
    features = torch.randn(4, 8, device=device)
    labels = torch.randint(0, 3, (4,))  # never moved: stays on the CPU
    return features, labels

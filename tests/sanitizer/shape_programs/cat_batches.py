"""Concatenating image and text features whose batches differ (the last, smaller batch of one loader)."""
import torch

image_features = torch.randn(32, 512)
text_features = torch.randn(20, 256)
joint = torch.cat([image_features, text_features], dim=1)

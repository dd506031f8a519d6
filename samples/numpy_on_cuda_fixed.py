"""Converting GPU predictions to NumPy through the CPU."""

import torch

predictions = torch.randn(16, 3, device="cuda").argmax(dim=1)
labels = predictions.cpu().numpy()

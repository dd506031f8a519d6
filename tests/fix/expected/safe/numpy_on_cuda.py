"""Converting GPU predictions straight to NumPy (TL203)."""

import torch

predictions = torch.randn(16, 3, device="cuda").argmax(dim=1)
labels = predictions.cpu().numpy()

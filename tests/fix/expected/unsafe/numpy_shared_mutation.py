"""Loading features from NumPy, normalizing the array after the tensor was made (TL301)."""

import numpy as np
import torch

raw = np.random.rand(100, 8).astype(np.float32)
features = torch.tensor(raw)

# Normalizing the array in place also rewrites `features`: they share memory.
raw -= raw.mean(axis=0)

dataset = torch.utils.data.TensorDataset(features)
print(features.mean())

"""Loading features from NumPy: normalize first, or copy when the array changes later."""

import numpy as np
import torch

raw = np.random.rand(100, 8).astype(np.float32)
features = torch.tensor(raw)

raw -= raw.mean(axis=0)

dataset = torch.utils.data.TensorDataset(features)
print(features.mean())

"""TL301: an in-place torch update silently rewrites the numpy array it came from."""

import numpy as np
import torch

raw = np.arange(4, dtype=np.float32)
baseline = raw  # kept to compare against later
features = torch.from_numpy(raw)
features *= 2  # also doubles `raw` and `baseline`: they are the same memory
print("baseline after normalising:", baseline.tolist())

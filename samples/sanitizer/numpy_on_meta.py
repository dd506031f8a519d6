"""TL203: `np.asarray()` of a tensor that is not on the CPU (`meta` stands in for cuda)."""

import numpy as np
import torch

activations = torch.zeros(4, 4, device="meta")
histogram = np.asarray(activations)
print(histogram.shape)

"""TL301: a numpy buffer refilled after torch.from_numpy; the earlier tensor changes too."""

import numpy as np
import torch

buffer = np.zeros(3, dtype=np.float32)
batches = []
for step in range(3):
    buffer[:] = step + 1  # refills the array every tensor in `batches` shares
    batches.append(torch.from_numpy(buffer))
print("sums:", [float(batch.sum()) for batch in batches])

"""TL201: the labels come from another module that puts them on the wrong device.

`tensorlens check` sees only `make_batch()` here; where its tensors live is
decided in `batches.py`. `meta` stands in for a GPU.
"""

import torch
from torch import nn

from batches import make_batch

DEVICE = "meta"

model = nn.Linear(8, 3).to(DEVICE)
features, labels = make_batch(DEVICE)
logits = model(features)
loss = nn.functional.cross_entropy(logits, labels)
print("loss computed")

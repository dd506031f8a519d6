"""Moving a batch to the GPU and throwing the moved copy away (TL202, then TL201)."""

import torch
import torch.nn as nn

model = nn.Linear(10, 2)
model.to("cuda")
batch = torch.randn(8, 10)
batch = batch.to("cuda")
scores = model(batch)

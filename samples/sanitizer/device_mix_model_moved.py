"""TL201: the model is moved to the accelerator, one input is not.

`meta` stands in for "cuda": PyTorch refuses to mix it with a CPU tensor in
`nn.Linear` exactly as it refuses a CUDA/CPU mix. The device is picked at run
time (an argument), which the static analyzer cannot know.
"""

import sys

import torch
from torch import nn

device = sys.argv[1] if len(sys.argv) > 1 else "meta"

model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
model.to(device)
scale = torch.tensor(0.5)  # a 0-dim CPU tensor may join ops on any device: fine

inputs = torch.randn(8, 16)  # forgot `.to(device)`
outputs = model(inputs) * scale
print("forward done", tuple(outputs.shape))

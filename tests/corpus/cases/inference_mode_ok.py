import torch
import torch.nn as nn

model = nn.Linear(4, 2)
with torch.inference_mode():
    model.weight.mul_(0.5)
    model.bias.zero_()
torch.set_grad_enabled(False)
model.weight.add_(1)
torch.set_grad_enabled(True)

import torch

w = torch.ones(2, 2, requires_grad=True)
y = w * 3  # HOVER

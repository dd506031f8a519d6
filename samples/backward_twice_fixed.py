"""Two losses sharing one encoder output, summed and backpropagated once."""

import torch
import torch.nn as nn

encoder = nn.Linear(10, 6)
head_a = nn.Linear(6, 1)
head_b = nn.Linear(6, 1)

x = torch.randn(16, 10)
features = torch.tanh(encoder(x))
loss_a = head_a(features).mean()
loss_b = head_b(features).mean()
(loss_a + loss_b).backward()

# Initializing a custom layer's parameter in place in __init__ and in forward.
import math
import torch
import torch.nn as nn


class ScaledLinear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_out, n_in))
        self.bias = nn.Parameter(torch.zeros(n_out))
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        self.scale = 1.0 / math.sqrt(n_in)

    def forward(self, x):
        return nn.functional.linear(x, self.weight * self.scale, self.bias)

    def reset(self):
        self.bias.zero_()  # expect: TL101

    @torch.no_grad()
    def reset_ok(self):
        self.bias.zero_()
        self.weight.normal_()

"""TL106 advising ``with torch.no_grad():`` for a ``.data`` write that is already under it.

From: timm 1.0.31, timm/models/levit.py lines 64-75 (ConvNorm.fuse, ``@torch.no_grad()``;
the same fuse() is in efficientvit_msra, iformer, repvit, shvit and tiny_vit: 28 findings),
and peft 0.21.2 tests/test_target_parameters.py line 165 (a ``with torch.no_grad():`` block, 1 finding).
Why it is correct: the writes run with grad mode off, so autograd records nothing and raises
nothing; ``.data`` is merely redundant. Issue 15: inside no_grad the message must say to drop
``.data``, never to write under no_grad. The file runs under torch 2.13 without error.
"""
# regression: TL106
# message-excludes: with torch.no_grad()

import torch
from torch import nn


class ConvNorm(nn.Module):
    def __init__(self, in_chs, out_chs):
        super().__init__()
        self.linear = nn.Conv2d(in_chs, out_chs, 1, bias=False)
        self.bn = nn.BatchNorm2d(out_chs)

    def forward(self, x):
        return self.bn(self.linear(x))

    @torch.no_grad()
    def fuse(self):
        c, bn = self.linear, self.bn
        w = bn.weight / (bn.running_var + bn.eps) ** 0.5
        w = c.weight * w[:, None, None, None]
        b = bn.bias - bn.running_mean * bn.weight / (bn.running_var + bn.eps) ** 0.5
        m = nn.Conv2d(w.size(1), w.size(0), w.shape[2:])
        m.weight.data.copy_(w)
        m.bias.data.copy_(b)
        return m


def from_pretrained():
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))  # peft loads a tiny Llama4 here
    # model contains weights with values ~1e36 or nan, so we need to reinitialize with sane values
    with torch.no_grad():
        for param in model.parameters():
            param.data = torch.randn(param.shape)
    return model


if __name__ == "__main__":
    block = ConvNorm(3, 4).eval()
    x = torch.randn(2, 3, 5, 5)
    assert torch.allclose(block.fuse()(x), block(x), atol=1e-5)
    assert torch.isfinite(from_pretrained()(torch.randn(1, 3))).all()

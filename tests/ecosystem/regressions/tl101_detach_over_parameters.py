"""TL101 on ``detach_()`` over a module's own parameters, after re-parameterizing.

From: timm 1.0.31, timm/models/byobnet.py lines 967-996 (MobileOneBlock.reparameterize);
the ``.parameters()`` form is timm/models/ghostnet.py line 339, and the same loops are in
timm's fastvit.py and segmentation-models-pytorch 0.6.0 encoders/mobileone.py line 190
(8 findings in the ecosystem check). timm writes the fused kernel with ``.data =``; here it is
copied under no_grad so that the case holds only the TL101 question.
Why it is correct: ``detach_()`` on a leaf parameter writes no data; it only turns
requires_grad off (a leaf has no grad_fn to drop). Autograd allows it outside no_grad:
the file runs under torch 2.13 without error (tests/ecosystem/test_regressions.py runs it).
"""
# regression: TL101

import torch
from torch import nn


class RepBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv_kxk = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv_1x1 = nn.Conv2d(channels, channels, 1)
        self.reparam_conv = None

    def forward(self, x):
        if self.reparam_conv is not None:
            return self.reparam_conv(x)
        return self.conv_kxk(x) + self.conv_1x1(x)

    def reparameterize(self):
        kernel = self.conv_kxk.weight + nn.functional.pad(self.conv_1x1.weight, [1, 1, 1, 1])
        bias = self.conv_kxk.bias + self.conv_1x1.bias
        self.reparam_conv = nn.Conv2d(kernel.shape[1], kernel.shape[0], 3, padding=1)
        with torch.no_grad():
            self.reparam_conv.weight.copy_(kernel)
            self.reparam_conv.bias.copy_(bias)
        # Delete un-used branches
        for name, para in self.named_parameters():
            if 'reparam_conv' in name:
                continue
            para.detach_()
        self.__delattr__('conv_kxk')
        self.__delattr__('conv_1x1')


class GhostBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.primary_conv = nn.Conv2d(channels, channels, 1)
        self.primary_rpr_conv = nn.Conv2d(channels, channels, 1)

    def switch_to_deploy(self):
        # Delete un-used branches
        for para in self.parameters():
            para.detach_()
        if hasattr(self, 'primary_rpr_conv'):
            self.__delattr__('primary_rpr_conv')


if __name__ == "__main__":
    block = RepBlock(4)
    x = torch.randn(1, 4, 8, 8)
    before = block(x)
    block.reparameterize()
    assert torch.allclose(block(x), before, atol=1e-5)
    assert all(not p.requires_grad for n, p in block.named_parameters() if 'reparam_conv' not in n)
    ghost = GhostBlock(4)
    ghost.switch_to_deploy()
    assert not any(p.requires_grad for p in ghost.parameters())

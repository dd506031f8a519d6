"""TL106 missed: ``.data =`` on the weight of a same-file subclass of ``nn.BatchNorm2d``.

From: timm 1.0.31, timm/layers/norm_act.py lines 57 and 336-345 (unfreeze_batch_norm_2d:
``res = BatchNormAct2d(...)`` then ``res.weight.data = ...``). The same function's branch
with ``torch.nn.BatchNorm2d`` (line 350) is flagged; the one with timm's own subclass is not.
The finding: ``res.weight`` is a parameter (BatchNormAct2d inherits nn.BatchNorm2d's), and
``.data =`` swaps its tensor behind autograd's back; the run below checks the version counter
does not move. Fix: ``with torch.no_grad(): res.weight.copy_(module.weight)``.
"""
# miss: TL106

import torch
from torch import nn


class BatchNormAct2d(nn.BatchNorm2d):
    """BatchNorm + Activation"""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, act_layer=nn.ReLU):
        super().__init__(num_features, eps=eps, momentum=momentum, affine=affine)
        self.act = act_layer()

    def forward(self, x):
        return self.act(super().forward(x))


class FrozenBatchNormAct2d(nn.Module):
    def __init__(self, num_features: int, eps: float = 1e-5):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.affine = True
        self.register_buffer("weight", torch.ones(num_features))
        self.register_buffer("bias", torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))


def unfreeze_batch_norm_2d(module):
    res = module
    if isinstance(module, FrozenBatchNormAct2d):
        res = BatchNormAct2d(module.num_features)
        if module.affine:
            res.weight.data = module.weight.data.clone().detach()  # expect: TL106
            res.bias.data = module.bias.data.clone().detach()  # expect: TL106
        res.running_mean.data = module.running_mean.data
        res.running_var.data = module.running_var.data
        res.eps = module.eps
    return res


if __name__ == "__main__":
    frozen = FrozenBatchNormAct2d(4)
    res = BatchNormAct2d(4)
    version = res.weight._version
    res.weight.data = frozen.weight.data.clone().detach()
    assert res.weight._version == version  # autograd cannot see the swap
    assert isinstance(unfreeze_batch_norm_2d(frozen).weight, nn.Parameter)

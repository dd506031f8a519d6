"""TL106 missed: a write through ``next(m.parameters()).data``.

From: peft 0.21.2, tests/test_custom_models.py lines 2678-2681 (``glora_b = ...glora_B["default"]``
then ``next(glora_b.parameters()).data.fill_(float("inf"))``). The engine already knows
``next(model.parameters())`` is a parameter when it is read (it flags ``.data.dtype`` on it,
regressions/tl106_transient_read.py), but not when the receiver is an unknown module.
The finding: whatever ``glora_b`` is, ``next(glora_b.parameters())`` is a parameter, and
``.data.fill_`` writes it outside no_grad behind autograd's back (the version counter does
not move, checked below). Fix: ``with torch.no_grad(): next(glora_b.parameters()).fill_(...)``.
"""
# miss: TL106

import torch
from torch import nn


def break_adapter(model):
    # Deliberately break the adapter so that the merged weights would contain non-finite values.
    glora_b = model.base_model.model.lin0.glora_B["default"]
    next(glora_b.parameters()).data.fill_(float("inf"))  # expect: TL106
    return glora_b


class _Namespace(nn.Module):
    pass


if __name__ == "__main__":
    model = _Namespace()
    model.base_model = _Namespace()
    model.base_model.model = _Namespace()
    model.base_model.model.lin0 = _Namespace()
    model.base_model.model.lin0.glora_B = nn.ModuleDict({"default": nn.Linear(2, 2)})
    weight = model.base_model.model.lin0.glora_B["default"].weight
    version = weight._version
    break_adapter(model)
    assert torch.isinf(weight).all() and weight._version == version

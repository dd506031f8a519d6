"""TL106 on ``param.data = param.data.to(dtype)``: the supported way to change a parameter's dtype.

From: accelerate 1.16.0, src/accelerate/utils/fsdp_utils.py lines 799-806
(fsdp2_prepare_model: upcast low-precision trainable parameters to fp32 master weights
before FSDP2 wraps the model): 2 findings, the write and the read of one statement.
Why it is correct: the statement swaps in a new fp32 tensor before any forward, so no graph
can hold the old one; the Parameter object (and the optimizer's reference to it) survives.
The advised ``with torch.no_grad(): param.copy_(...)`` cannot do this: copy_ keeps the
destination's dtype. ``.data =`` (as nn.Module._apply long did) is the intended tool here.
The file runs under torch 2.13 without error.
"""
# regression: TL106

import torch
from torch import nn


def upcast_trainable_parameters(model: torch.nn.Module):
    upcasted_params = []
    for name, param in model.named_parameters():
        if param.requires_grad and param.dtype != torch.float32:
            upcasted_params.append(name)
            param.data = param.data.to(torch.float32)
    return upcasted_params


if __name__ == "__main__":
    model = nn.Linear(4, 2).to(torch.bfloat16)
    optimizer_sees = list(model.parameters())
    assert upcast_trainable_parameters(model) == ["weight", "bias"]
    assert all(p.dtype == torch.float32 for p in model.parameters())
    assert all(a is b for a, b in zip(optimizer_sees, model.parameters()))
    model(torch.randn(3, 4)).sum().backward()

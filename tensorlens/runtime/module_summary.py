"""One line for an ``nn.Module``: size, where its parameters live, mode.

Mixed devices or dtypes among a module's parameters and buffers are the
usual cause of "Expected all tensors to be on the same device" and
"expected scalar type Float but found Half", so they are flagged.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tensorlens.runtime.text import format_count


def module_summary(module: Any) -> str:
    """e.g. ``Net: 7.95K params (6 tensors, 7.95K trainable) f32 cpu train``.

    Mixtures are spelled out with counts: ``devices=MIXED{cpu: 2, cuda:0: 4}``.
    """
    from tensorlens.runtime.summary import short_dtype

    params = list(module.parameters())
    buffers = list(module.buffers())
    numel = trainable = uninitialized = 0
    for p in params:
        if _is_uninitialized(p):
            uninitialized += 1  # LazyLinear before its first call has no shape yet
            continue
        numel += p.numel()
        if p.requires_grad:
            trainable += p.numel()
    words = [f"{type(module).__name__}:"]
    if params:
        words.append(f"{format_count(numel)} params ({len(params)} tensors, {format_count(trainable)} trainable)")
    else:
        words.append("no parameters")
    if uninitialized:
        words.append(f"{uninitialized} uninitialized")
    if buffers:
        words.append(f"{len(buffers)} buffers")
    tensors = params + buffers
    words.append(_mixture("dtypes", Counter(short_dtype(t.dtype) for t in params)))
    words.append(_mixture("devices", Counter(str(t.device) for t in tensors)))
    words.append("train" if module.training else "eval")
    return " ".join(w for w in words if w)


def _mixture(label: str, counts: Counter[str]) -> str:
    if len(counts) <= 1:
        return next(iter(counts), "")
    inner = ", ".join(f"{key}: {n}" for key, n in counts.most_common())
    return f"{label}=MIXED{{{inner}}}"


def _is_uninitialized(p: Any) -> bool:
    # defined in torch/nn/parameter.py, missing from torch/nn/parameter.pyi
    from torch.nn.parameter import UninitializedTensorMixin  # type: ignore[attr-defined]

    return isinstance(p, UninitializedTensorMixin)

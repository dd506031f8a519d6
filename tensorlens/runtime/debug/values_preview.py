"""A peek at a tensor's first values that costs the same for 10 or 10^9 elements.

``t.flatten()[:k]`` would copy a non-contiguous tensor whole; indexing the
first position of every leading dimension and slicing the last one is a
view, so only ``k`` elements are read (one host transfer on an accelerator).
"""

from __future__ import annotations

from typing import Any

from tensorlens.runtime.text import format_number

PREVIEW_COUNT = 8


def values_preview(t: Any, count: int = PREVIEW_COUNT) -> str:
    """e.g. ``[0., 1., 2., 3., 4., 5., 6., 7., …] (first 8 of 10M along the last dim)``."""
    import torch

    try:
        if t.device.type == "meta":
            return "no data (meta tensor)"
        if t.layout != torch.strided or t.is_nested or t.is_quantized:
            return f"not previewed for this layout ({t.layout})"
        with torch.no_grad(), torch._C.DisableTorchFunctionSubclass():
            view = t.detach()
            if view.dim() == 0:
                return format_number(view.item())
            if view.numel() == 0:
                return "empty"
            for _ in range(view.dim() - 1):
                view = view[0]
            first = view[:count].tolist()
        text = "[" + ", ".join(format_number(v) for v in first) + (", …]" if t.numel() > len(first) else "]")
        if t.numel() > len(first):
            text += f" (first {len(first)} of {t.numel():,}, at index [{', '.join(['0'] * (t.dim() - 1) + [':'])}])"
        return text
    except Exception as exc:
        return f"(no preview: {type(exc).__name__}: {exc})"

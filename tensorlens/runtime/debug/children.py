"""What expanding a tensor, a module or a TensorLens row shows.

The children replace pydevd's dump of ~88 raw attributes with what a PyTorch
user looks for: shape, dtype, device, autograd state, the grad_fn chain,
statistics (computed now, on expand: sampled above the runtime's size cap),
the numpy array that shares the tensor's memory, a values preview, and the
raw attributes one click further down.

Each child is ``(name, value, evaluate suffix)``: with a suffix, VS Code's
"Add to Watch" and "Copy as Expression" work on the row (``x.grad_fn``).
"""

from __future__ import annotations

import sys
from typing import Any

from tensorlens.runtime.debug.rows import Child, Fact, RawAttributes, Section


def children_of(obj: Any) -> list[Child]:
    """The rows under ``obj`` in the Variables view, in display order."""
    kind = type(obj)  # not isinstance(): see values.value_text
    if issubclass(kind, (Section, RawAttributes)):
        rows: list[Child] = obj.children()
        return rows
    torch = sys.modules["torch"]
    if issubclass(kind, torch.Tensor):
        return tensor_children(obj)
    if issubclass(kind, torch.nn.Module):
        return module_children(obj)
    from tensorlens.runtime.debug.grad_rows import node_children

    return node_children(obj)


def tensor_children(t: Any) -> list[Child]:
    """shape, dtype, device, autograd state, grad_fn chain, statistics, numpy sharing, values, raw."""
    from tensorlens.runtime.debug.frame_relations import numpy_sharing_text
    from tensorlens.runtime.debug.grad_rows import grad_fn_row
    from tensorlens.runtime.debug.values_preview import values_preview
    from tensorlens.runtime.summary import short_dtype, tensor_stats

    rows: list[Child] = [
        ("shape", Fact(_shape_text(t)), ".shape"),
        ("dtype", Fact(f"{short_dtype(t.dtype)} ({t.dtype})"), ".dtype"),
        ("device", Fact(str(t.device)), ".device"),
        ("requires_grad", Fact(str(t.requires_grad)), ".requires_grad"),
        ("is_leaf", Fact(str(t.is_leaf)), ".is_leaf"),
        ("grad", _grad_row(t), ".grad"),
        ("grad_fn", grad_fn_row(t), ".grad_fn"),
        ("statistics", Fact(tensor_stats(t)), None),
        ("numpy sharing", Fact(numpy_sharing_text(t)), None),
        ("values", Fact(values_preview(t)), None),
        ("raw attributes", RawAttributes(t), ""),
    ]
    return rows


def module_children(module: Any) -> list[Child]:
    """Direct parameters and buffers, submodules, mode, every parameter by full name, raw."""
    rows: list[Child] = []
    for name, param in module.named_parameters(recurse=False):
        rows.append((name, param if param is not None else Fact("None"), _member_suffix(name)))
    for name, buffer in module.named_buffers(recurse=False):
        rows.append((name, buffer if buffer is not None else Fact("None"), _member_suffix(name)))
    for name, child in module.named_children():
        rows.append((name, child, _member_suffix(name)))
    rows.append(("training", Fact(str(module.training)), ".training"))
    if any(True for _ in module.children()):
        rows.append(("all parameters", _all_parameters(module), ""))
    rows.append(("raw attributes", RawAttributes(module), ""))
    return rows


def _all_parameters(module: Any) -> Section:
    named = list(module.named_parameters())
    numel = sum(p.numel() for _, p in named if not _is_uninitialized(p))

    def rows() -> list[Child]:
        return [(name, param, _dotted_suffix(name)) for name, param in named]

    return Section(f"{len(named)} tensors, {numel:,} elements", rows)


def _grad_row(t: Any) -> Any:
    # Reading .grad of a non-leaf makes torch warn (and it is None unless retain_grad()).
    if not t.is_leaf and not t.retains_grad:
        return Fact("None (not a leaf: call retain_grad() before backward to keep it)")
    grad = t.grad
    return grad if grad is not None else Fact("None")


def _shape_text(t: Any) -> str:
    try:
        return "[" + ", ".join(str(s) for s in t.shape) + "]"
    except RuntimeError as exc:  # nested tensors with a ragged dimension have no shape
        return f"({type(exc).__name__}: no single shape)"


def _member_suffix(name: str) -> str | None:
    if name.isidentifier():
        return "." + name
    if name.isdigit():  # nn.Sequential / nn.ModuleList members are indexable
        return f"[{name}]"
    return None


def _dotted_suffix(name: str) -> str | None:
    suffix = ""
    for part in name.split("."):
        member = _member_suffix(part)
        if member is None:
            return None
        suffix += member
    return suffix


def _is_uninitialized(p: Any) -> bool:
    # defined in torch/nn/parameter.py, missing from torch/nn/parameter.pyi
    from torch.nn.parameter import UninitializedTensorMixin  # type: ignore[attr-defined]

    return isinstance(p, UninitializedTensorMixin)

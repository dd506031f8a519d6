"""The value column of the Variables view, hovers, watches and the debug console.

A debugger computes this line for every variable of every frame at every
stop, so for tensors it reads metadata only (``tensor_header``: O(1)); the
only numbers shown are those of tiny tensors, where reading them is as cheap
as the header. Statistics live one click away (``children``).
"""

from __future__ import annotations

import sys
from typing import Any

from tensorlens.runtime.debug.rows import Fact, RawAttributes, Section

# Up to this many elements the line ends with the values (or their statistics):
# reading a few dozen numbers costs about as much as formatting the header.
INLINE_VALUES_CAP = 64
# "Copy Value" of a tensor up to this size gives torch's own repr, which is
# what a user pastes into a test or an issue.
CLIPBOARD_REPR_CAP = 10_000


def value_text(obj: Any, context: str = "variables") -> str | None:
    """The one line shown for ``obj`` in DAP ``context`` (variables, hover, watch, repl, clipboard).

    None for a list, tuple or dict without tensors: the debugger's own text is kept.
    """
    # Dispatch on type(obj): isinstance() may read obj.__class__, which a
    # broken tensor subclass can make raise.
    kind = type(obj)
    if issubclass(kind, Fact):
        return str.__str__(obj)
    if issubclass(kind, (list, tuple, dict)):
        if context == "clipboard" or "torch" not in sys.modules:
            return None  # "Copy Value" keeps the repr a user pastes elsewhere
        from tensorlens.runtime.debug.containers import container_text

        return container_text(obj)
    if issubclass(kind, Section):
        return str(obj.text)
    if issubclass(kind, RawAttributes):
        return f"pydevd's view of the {type(obj.target).__name__}"
    torch = sys.modules["torch"]
    if issubclass(kind, torch.Tensor):
        return tensor_value_text(obj, context)
    if issubclass(kind, torch.nn.Module):
        from tensorlens.runtime.module_summary import module_summary

        return module_summary(obj)
    return node_value_text(obj)


def tensor_value_text(t: Any, context: str = "variables") -> str:
    """``tensor[2000, 5000] f32 cpu``; tiny tensors add their values: ``tensor[] f32 cpu grad_fn=MeanBackward0 =8.``."""
    from tensorlens.runtime.summary import tensor_header, tensor_stats

    header = tensor_header(t)
    numel = _cheap_numel(t)
    if numel is None or t.device.type == "meta":
        return header
    if context == "clipboard" and numel <= CLIPBOARD_REPR_CAP:
        from tensorlens.runtime.text import safe_repr

        return safe_repr(t, limit=1_000_000)
    if numel <= INLINE_VALUES_CAP:
        return f"{header} {tensor_stats(t)}"
    return header


def node_value_text(node: Any) -> str:
    """An autograd node: its name; ``AccumulateGrad`` adds the leaf it feeds."""
    from tensorlens.runtime.debug.grad_rows import node_label

    return node_label(node)


def _cheap_numel(t: Any) -> int | None:
    # Strided dense tensors only: a sparse tensor's numel says nothing about
    # how much is read, and nested ones have no single shape.
    import torch

    if t.layout != torch.strided or t.is_nested:
        return None
    return int(t.numel())

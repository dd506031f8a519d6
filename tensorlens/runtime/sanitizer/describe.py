"""How findings name and describe the tensors they are about.

Only called when a finding is first reported, so it may look around the
user's frame (its locals, the modules among them) to give a tensor the name
the user wrote: ``x``, ``model.0.weight``, ``self.fc.bias``.
"""

from __future__ import annotations

import dis
from collections.abc import Iterator
from types import FrameType
from typing import Any

from tensorlens.runtime.sanitizer.origins import Origin
from tensorlens.runtime.summary import tensor_header

_MAX_MODULES = 16  # modules in one frame searched for a parameter's name
_BINARY_OP = dis.opmap.get("BINARY_OP")  # Python 3.11+: `a += b` is BINARY_OP with an inplace arg
_OPERATORS = [symbol for _name, symbol in getattr(dis, "_nb_ops", [])]


def op_text(name: str, frame: FrameType | None) -> str:
    """The operator the user wrote (``-=``) when the op ``name`` came from one, else ``name``.

    ``w -= g`` reaches ``__torch_function__`` as ``Tensor.sub_``; the frame's
    current instruction says which operator it was.
    """
    if frame is None or _BINARY_OP is None:
        return name
    code = frame.f_code.co_code
    at = frame.f_lasti
    if 0 <= at < len(code) - 1 and code[at] == _BINARY_OP and code[at + 1] < len(_OPERATORS):
        return str(_OPERATORS[code[at + 1]])
    return name


def name_in_frame(frame: FrameType | None, tensor: Any) -> str | None:
    """The user's name for ``tensor`` in ``frame``: a local, a global, or a module's parameter/buffer."""
    if frame is None:
        return None
    try:
        local_vars = frame.f_locals
    except Exception:
        return None
    for name, value in local_vars.items():
        if value is tensor:
            return name
    for name, value in frame.f_globals.items():  # module level, seen from a comprehension
        if value is tensor:
            return name
    import torch

    searched = 0
    for name, value in local_vars.items():
        if not isinstance(value, torch.nn.Module):
            continue
        searched += 1
        if searched > _MAX_MODULES:
            break
        for attr, member in _members(value):
            if member is tensor:
                return f"{name}.{attr}"
    return None


def _members(module: Any) -> Iterator[tuple[str, Any]]:
    yield from module.named_parameters(remove_duplicate=False)
    yield from module.named_buffers(remove_duplicate=False)


def describe(tensor: Any, name: str | None, origin: Origin | None, fallback: str) -> str:
    """```x` (tensor[64, 784] f32 cpu, created at train.py:18)``; ``fallback`` names it when the
    frame does not."""
    label = f"`{name}`" if name else fallback
    where = str(origin) if origin is not None else "origin not seen"
    return f"{label} ({tensor_header(tensor)}, {where})"

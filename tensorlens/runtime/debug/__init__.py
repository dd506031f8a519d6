"""TensorLens inside any DAP debugger (VS Code, nvim-dap, PyCharm) through pydevd.

The pydevd extension module ``pydevd_plugins/extensions/pydevd_plugin_tensorlens.py``
is a shim that calls into this package only when a torch object is shown:

- ``values`` — the value column: an O(1) line for tensors, modules and autograd nodes;
- ``children`` — what expanding one of them shows (statistics, grad_fn chain, ...);
- ``rows`` — the display-only rows TensorLens adds to the Variables view;
- ``inspected_frame`` — which frame the user is looking at (numpy sharing);
- ``transport`` — TCP_NODELAY on the debuggee's socket (microsoft/debugpy#2054).

Nothing here imports torch: it is already in ``sys.modules`` whenever a
torch object exists.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["presentable"]


def presentable(type_object: Any) -> bool:
    """Whether values of this type get TensorLens's value line and children.

    Tensors (and subclasses: ``nn.Parameter``, user subclasses), modules and
    autograd graph nodes (``out.grad_fn``). False when torch is not imported.
    """
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(type_object, type):
        return False
    try:
        from torch.autograd.graph import Node

        return issubclass(type_object, (torch.Tensor, torch.nn.Module, Node))
    except Exception:
        return False

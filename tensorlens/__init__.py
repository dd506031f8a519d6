"""TensorLens: PyTorch dynamic-graph bugs found before the code runs, tensors shown when it does.

Importing this package is cheap and never imports torch: the runtime helpers
(``summary``, ``grad_fn_chain``, ``grad_fn_graph``, ``frame_tensors``,
``set_trace``) are loaded on first use.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_RUNTIME_EXPORTS = {
    "summary": "tensorlens.runtime.summary",
    "grad_fn_chain": "tensorlens.runtime.grad_graph",
    "grad_fn_graph": "tensorlens.runtime.grad_graph",
    "frame_tensors": "tensorlens.runtime.frame",
    "set_trace": "tensorlens.runtime.pdb_plugin",
}

__all__ = ["__version__", *_RUNTIME_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _RUNTIME_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'tensorlens' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)

"""TensorLens: PyTorch dynamic-graph bugs found before the code runs, tensors shown when it does.

Importing this package is cheap and never imports torch: the runtime helpers
(``summary``, ``grad_fn_chain``, ``grad_fn_graph``, ``frame_tensors``,
``set_trace``) are loaded on first use.

It imports nothing at all: ``python -m tensorlens`` imports this package
before ``__main__`` can take the current folder off ``sys.path``, and a
project's own ``typing.py`` or ``__future__.py`` must not run then.
"""

__version__ = "0.1.0"

_RUNTIME_EXPORTS = {
    "summary": "tensorlens.runtime.summary",
    "grad_fn_chain": "tensorlens.runtime.grad_graph",
    "grad_fn_graph": "tensorlens.runtime.grad_graph",
    "frame_tensors": "tensorlens.runtime.frame",
    "set_trace": "tensorlens.runtime.pdb_plugin",
}

__all__ = ["__version__", *_RUNTIME_EXPORTS]


def __getattr__(name: str) -> object:
    module_name = _RUNTIME_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'tensorlens' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)

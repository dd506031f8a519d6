"""TensorLens's pydevd extension: tensors and modules as a PyTorch user wants to see them.

pydevd (inside debugpy, PyCharm and every DAP client built on them) imports
every ``pydevd_plugins/extensions/pydevd_plugin_*.py`` module it finds on
``sys.path`` when the debugger loads, so ``pip install tensorlens`` is all a
user needs. This file is deliberately a thin shim:

- it is imported in every debugged process, so it imports neither torch nor
  TensorLens until a torch object is actually shown;
- the real code lives in ``tensorlens.runtime.debug`` and is loaded lazily;
- pydevd falls back to ``repr()`` (seconds, or a frozen debugger, on a 10^8
  element tensor) when a provider raises, so nothing here ever raises.

``TENSORLENS_DEBUG_PROVIDERS=0`` turns the providers off;
``TENSORLENS_DEBUG_NODELAY=0`` keeps debugpy's socket options untouched.
"""

from __future__ import annotations

import os
import sys
from typing import Any

# pydevd ships inside debugpy without type information ([tool.mypy] ignores its imports):
# its base classes are Any here.
from _pydevd_bundle.pydevd_extension_api import DebuggerEventHandler, StrPresentationProvider, TypeResolveProvider

_ENABLED = os.environ.get("TENSORLENS_DEBUG_PROVIDERS", "1").strip().lower() not in ("0", "false", "no", "off")

__all__ = ["TensorLensValues", "TensorLensChildren", "TensorLensTransport"]


def _handles(type_object: Any) -> bool:
    """Whether TensorLens presents objects of this type (pydevd caches the answer per type)."""
    if not _ENABLED:
        return False
    try:
        module = getattr(type_object, "__module__", None) or ""
        if module.startswith("tensorlens.runtime.debug"):
            return True
        # Only ask torch about the type when the program itself imported torch.
        if sys.modules.get("torch") is None:
            return False
        from tensorlens.runtime.debug import presentable

        return presentable(type_object)
    except Exception:
        return False


def _fallback_text(val: Any, error: BaseException) -> str:
    # type() never runs user code, unlike val.__class__ or repr(val).
    return f"<{type(val).__name__}: TensorLens could not describe it ({type(error).__name__}: {error})>"


def _is_container_type(type_object: Any) -> bool:
    try:
        return issubclass(type_object, (list, tuple, dict))
    except Exception:
        return False


class TensorLensValues(StrPresentationProvider):  # type: ignore[misc]
    """The value column: an O(1) summary line, never a read of tensor data.

    Lists, tuples and dicts are claimed too (pydevd asks once per type, maybe
    before torch is imported): one that holds tensors gets their headers
    instead of torch's repr of each; any other gets None, and pydevd shows it
    as it always does.
    """

    def can_provide(self, type_object: Any, type_name: str) -> bool:
        return _handles(type_object) or (_ENABLED and _is_container_type(type_object))

    def get_str(self, val: Any) -> str | None:
        return self.get_str_in_context(val, "variables")

    def get_str_in_context(self, val: Any, context: str) -> str | None:
        try:
            if _is_container_type(type(val)) and sys.modules.get("torch") is None:
                return None  # the common case in programs without torch: no import at all
            from tensorlens.runtime.debug.values import value_text

            return value_text(val, context)
        except Exception as error:
            try:
                return _fallback_text(val, error)
            except Exception:
                return "<TensorLens could not describe this value>"


class TensorLensChildren(TypeResolveProvider):  # type: ignore[misc]
    """The children of a tensor, module, autograd node or TensorLens row."""

    def can_provide(self, type_object: Any, type_name: str) -> bool:
        # TensorLens's text rows are str subclasses: pydevd shows them as leaves.
        return _handles(type_object) and not issubclass(type_object, str)

    def get_contents_debug_adapter_protocol(self, obj: Any, fmt: Any = None) -> list[tuple[str, Any, Any]]:
        try:
            from tensorlens.runtime.debug.children import children_of

            return children_of(obj)
        except Exception as error:
            return [("error", f"TensorLens could not list the children ({type(error).__name__}: {error})", None)]

    def get_dictionary(self, obj: Any) -> dict[str, Any]:
        return {name: value for name, value, _ in self.get_contents_debug_adapter_protocol(obj)}

    def resolve(self, var: Any, attribute: str) -> Any:
        return self.get_dictionary(var).get(attribute)


class TensorLensTransport(DebuggerEventHandler):  # type: ignore[misc]
    """Turns off Nagle's algorithm on the debuggee's socket (microsoft/debugpy#2054)."""

    def on_debugger_modules_loaded(self, **kwargs: Any) -> None:
        if not _ENABLED or os.environ.get("TENSORLENS_DEBUG_NODELAY", "1").strip() == "0":
            return
        try:
            from tensorlens.runtime.debug.transport import install_nodelay

            install_nodelay()
        except Exception:
            pass

"""Every tensor a stack frame can reach, with the names a user would type.

``frame_tensors(frame)`` walks the frame's locals: tensors directly, inside
lists/tuples/dicts (a few levels deep, as ``batch["x"]`` or ``outs[0]``),
inside plain objects' attributes, and the parameters and buffers of every
``nn.Module`` (as ``model.fc.weight``). It then flags the two things that
most often explain a crash at that line: tensors on different devices, and
tensors sharing memory with a numpy array in the same frame.

The walk only reads: no user ``__iter__``, ``__getitem__``, ``items`` or
property runs (containers are read through the built-in types' own methods),
so a breakpoint inspection cannot change the program it inspects.

Locals are read the same way on every Python: a dict up to 3.12, a
``FrameLocalsProxy`` (PEP 667) on 3.13, where ``frame.f_locals`` and pdb's
``curframe_locals`` are no longer dicts.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from types import FrameType
from typing import Any

from tensorlens.runtime.summary import is_module, is_tensor, summary, tensor_header

MAX_DEPTH = 3  # batch["inputs"][0]["ids"] is as deep as real code goes
MAX_ITEMS = 64  # per container: a list of 10^5 tensors is shown by its first ones
MAX_TENSORS = 2000


@dataclass(eq=False)
class FrameTensor:
    """One tensor found in a frame."""

    name: str  # the first path found: x, batch["x"], model.fc.weight
    tensor: Any
    module: str | None = None  # the local holding it, for module parameters/buffers
    aliases: list[str] = field(default_factory=list)  # other paths to the same tensor

    @property
    def header(self) -> str:
        """O(1) metadata line (no data read)."""
        return tensor_header(self.tensor)

    @property
    def summary(self) -> str:
        """Full line with statistics (reads a bounded sample of the data)."""
        return summary(self.tensor)

    @property
    def device(self) -> str:
        """``cpu``, ``cuda:0``; ``?`` when a tensor subclass refuses to say."""
        return device_text(self.tensor)


@dataclass(eq=False)
class FrameModule:
    name: str
    module: Any

    @property
    def summary(self) -> str:
        return summary(self.module)


@dataclass(frozen=True)
class NumpyAlias:
    """A tensor and a numpy array of the frame whose memory overlaps."""

    tensor_name: str
    array_name: str


@dataclass(eq=False)
class FrameTensors:
    """The result of ``frame_tensors``: rows, modules and the frame-level flags."""

    tensors: list[FrameTensor]
    modules: list[FrameModule]
    numpy_aliases: list[NumpyAlias]
    truncated: bool = False  # MAX_TENSORS reached

    @property
    def devices(self) -> dict[str, list[str]]:
        """Device -> names of the tensors on it, in frame order."""
        groups: dict[str, list[str]] = {}
        for row in self.tensors:
            groups.setdefault(row.device, []).append(row.name)
        return groups

    @property
    def mixed_devices(self) -> bool:
        """True if tensors that could meet in one op live on different devices.

        0-dim CPU tensors are left out: PyTorch lets them mix with CUDA tensors.
        """
        found = {row.device for row in self.tensors if not _is_cpu_scalar(row.tensor)}
        return len(found) > 1

    def names(self) -> dict[int, str]:
        """``id(tensor) -> name``, for ``grad_fn_chain(..., names=...)``."""
        return {id(row.tensor): row.name for row in self.tensors}

    def table(self, stats: bool = True) -> str:
        """Plain-text table, one tensor a line, modules before their parameters."""
        from tensorlens.runtime.frame_text import frame_table

        return frame_table(self, stats=stats)

    def __str__(self) -> str:
        return self.table()

    def __len__(self) -> int:
        return len(self.tensors)


def frame_tensors(frame: FrameType | Mapping[str, Any] | None) -> FrameTensors:
    """All tensors reachable from ``frame``'s locals (or a mapping of name -> value).

    ``frame`` may be a frame, a dict, or a frame's ``f_locals`` on any Python
    (a ``FrameLocalsProxy`` on 3.13). Never raises: unreadable objects are
    skipped.
    """
    walker = _Walker()
    try:
        # Dunder names (__builtins__, __loader__, ...) fill module-level frames
        # and never hold the user's tensors.
        namespace = [(str(n), v) for n, v in _locals_of(frame).items() if not str(n).startswith("__")]
        # Plain locals first, so a tensor also held in a container or a module
        # is listed under the name the user typed (x, not batch["x"]).
        ordered = [(n, v) for n, v in namespace if is_tensor(v)] + [(n, v) for n, v in namespace if not is_tensor(v)]
    except Exception:
        ordered = []
    for name, value in ordered:
        if walker.full:
            break
        try:
            walker.visit(name, value, depth=0)
        except Exception:
            continue  # one unreadable local must not hide the others
    return FrameTensors(
        tensors=walker.rows,
        modules=walker.modules,
        numpy_aliases=_numpy_aliases(walker.rows, walker.arrays),
        truncated=walker.full,
    )


# What ``f_locals`` of a function frame is: ``dict`` up to Python 3.12,
# ``FrameLocalsProxy`` from 3.13 on (PEP 667; the type has no public name).
_FRAME_LOCALS_TYPE: type = type((lambda: sys._getframe().f_locals)())


def _locals_of(frame: Any) -> dict[str, Any]:
    """A plain dict of the names in ``frame``, read without running user code."""
    if frame is None:
        return {}
    if type(frame) is dict:
        return frame
    if isinstance(frame, dict):  # a dict subclass: its own items() could be anything
        return dict(dict.items(frame))
    try:
        found = frame if type(frame) is _FRAME_LOCALS_TYPE else frame.f_locals
        # A FrameLocalsProxy is built in: copying it reads the frame, nothing else.
        return dict(found) if type(found) in (dict, _FRAME_LOCALS_TYPE) else {}  # type: ignore[arg-type]  # found is a mapping: its type was just checked
    except Exception:
        return {}


def device_text(t: Any) -> str:
    """``str(t.device)`` without running a subclass's ``__torch_function__``; ``?`` if unreadable."""
    try:
        import torch

        with torch._C.DisableTorchFunctionSubclass():
            return str(t.device)
    except Exception:
        return "?"


class _Walker:
    def __init__(self) -> None:
        self.rows: list[FrameTensor] = []
        self.modules: list[FrameModule] = []
        self.arrays: list[tuple[str, Any]] = []
        self.by_id: dict[int, FrameTensor] = {}
        self.seen_containers: set[int] = set()

    @property
    def full(self) -> bool:
        return len(self.rows) >= MAX_TENSORS

    def visit(self, name: str, value: Any, depth: int) -> None:
        if self.full:
            return
        if is_tensor(value):
            self._add_tensor(name, value, module=None)
        elif is_module(value):
            self._add_module(name, value)
        elif _is_ndarray(value):
            self.arrays.append((name, value))
        elif depth < MAX_DEPTH and id(value) not in self.seen_containers:
            self._visit_container(name, value, depth)

    def _add_tensor(self, name: str, t: Any, module: str | None) -> None:
        known = self.by_id.get(id(t))
        if known is not None:
            known.aliases.append(name)
            return
        row = FrameTensor(name=name, tensor=t, module=module)
        self.by_id[id(t)] = row
        self.rows.append(row)

    def _add_module(self, name: str, module: Any) -> None:
        if id(module) in self.seen_containers:
            return
        self.seen_containers.add(id(module))
        self.modules.append(FrameModule(name, module))
        for path, t in _module_tensors(module):
            if self.full:
                return
            self._add_tensor(f"{name}.{path}", t, module=name)

    def _visit_container(self, name: str, value: Any, depth: int) -> None:
        children = _container_items(name, value)
        if children is None:
            return
        self.seen_containers.add(id(value))
        for child_name, child in children:
            self.visit(child_name, child, depth + 1)


def _container_items(name: str, value: Any) -> list[tuple[str, Any]] | None:
    """``(path, item)`` pairs of a list, tuple, dict or plain object, read without user code."""
    if isinstance(value, (str, bytes, bytearray, int, float, complex, bool)) or value is None:
        return None
    if isinstance(value, dict):
        items = islice(dict.items(value), MAX_ITEMS)  # a 10^6-entry dict is not copied
        return [(f"{name}[{_key_text(k)}]", v) for k, v in items]
    if isinstance(value, (list, tuple)):
        seq = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return [(f"{name}[{i}]", v) for i, v in zip(range(MAX_ITEMS), seq)]
    # Classes and modules carry namespaces, not program state.
    if isinstance(value, type) or _is_builtin_module(value):
        return None
    try:
        attributes = object.__getattribute__(value, "__dict__")
    except Exception:
        return None
    if not isinstance(attributes, dict):
        return None
    items = islice(dict.items(attributes), MAX_ITEMS)
    return [(f"{name}.{k}", v) for k, v in items if isinstance(k, str) and not k.startswith("__")]


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(key, (int, float, bool)) or key is None:
        return repr(key)
    # Other keys (tensors in optimizer.state, user objects) are not repr'd:
    # that would read tensor data or run user code.
    return f"<{type(key).__name__}>"


def _module_tensors(module: Any) -> list[tuple[str, Any]]:
    try:
        pairs = list(module.named_parameters())
        pairs.extend(module.named_buffers())
    except Exception:
        return []
    return pairs


def _is_builtin_module(value: Any) -> bool:
    return type(value).__name__ == "module"


def _is_ndarray(value: Any) -> bool:
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.ndarray)


def _is_cpu_scalar(t: Any) -> bool:
    try:
        import torch

        with torch._C.DisableTorchFunctionSubclass():
            return bool(t.dim() == 0 and t.device.type == "cpu")
    except Exception:
        return False


def _numpy_aliases(rows: list[FrameTensor], arrays: list[tuple[str, Any]]) -> list[NumpyAlias]:
    """Pairs whose byte ranges overlap: from_numpy, .numpy(), as_tensor, asarray."""
    if not arrays:
        return []
    try:
        return _overlapping(rows, arrays)
    except Exception:
        return []


def _overlapping(rows: list[FrameTensor], arrays: list[tuple[str, Any]]) -> list[NumpyAlias]:
    spans = [(name, span) for name, arr in arrays if (span := _array_span(arr)) is not None]
    aliases = []
    for row in rows:
        tensor_span = _tensor_span(row.tensor)
        if tensor_span is None:
            continue
        for array_name, array_span in spans:
            if tensor_span[0] < array_span[1] and array_span[0] < tensor_span[1]:
                aliases.append(NumpyAlias(row.name, array_name))
    return aliases


def _array_span(arr: Any) -> tuple[int, int] | None:
    try:
        import numpy as np

        low, high = np.lib.array_utils.byte_bounds(arr)
        return (low, high) if high > low else None
    except Exception:
        return None


def _tensor_span(t: Any) -> tuple[int, int] | None:
    """The tensor's storage extent: a view of a shared buffer aliases all of it."""
    import torch

    try:
        with torch._C.DisableTorchFunctionSubclass():
            if t.device.type != "cpu" or t.layout != torch.strided or t.is_nested or t.is_quantized:
                return None
            storage = t.untyped_storage()
            start = storage.data_ptr()
            return (start, start + storage.nbytes()) if storage.nbytes() else None
    except Exception:
        return None

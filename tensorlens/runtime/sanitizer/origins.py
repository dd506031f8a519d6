"""Where each live tensor came from: the user line that created it or moved it.

An ``Origin`` is recorded when a tensor is created (a factory, ``from_numpy``,
a module registering a parameter) or moved to another device (``.to()``,
``.cuda()``, ``Module.to``); outputs of other ops inherit the origin of their
first tensor input, so ``model(x)``'s output says where ``x`` got its device.

The table is keyed by ``id(tensor)`` with a weak reference per entry, so it
never keeps a tensor alive and never hashes one (``Tensor.__hash__`` is
Python code that would go back through ``__torch_function__``).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Origin:
    """``created at train.py:12`` or ``moved to cuda:0 at train.py:14``.

    ``derived``: the tensor is an op's output and this is the origin of the
    input it took its device from (``computed from a tensor created at …``).
    ``made_by``: for an op's output, the op and the user line that made it
    (``.view() at train.py:31``): its shape comes from there, its device from
    the origin.
    """

    action: str
    path: str
    line: int
    derived: bool = False
    made_by: str | None = None

    def __str__(self) -> str:
        where = f"{self.action} at {self.path}:{self.line}"
        return f"computed from a tensor {where}" if self.derived else where

    def shape_story(self) -> str:
        """Where the tensor's shape came from: ``made by `.view()` at a.py:12 from a tensor created at a.py:5``."""
        if self.made_by is None:
            return str(self)
        return f"made by {self.made_by}, from a tensor {self.action} at {self.path}:{self.line}"

    def made_here(self, op: str, path: str, line: int) -> Origin:
        """The origin of an output of ``op`` at ``path:line`` computed from a tensor of this origin."""
        return Origin(self.action, self.path, self.line, True, f"`{op}` at {path}:{line}")

    def passed_on(self) -> Origin:
        """The origin an op's output inherits from this input (made once per origin)."""
        if self.derived:
            return self
        inherited = self.__dict__.get("_inherited")
        if inherited is None:
            inherited = Origin(self.action, self.path, self.line, derived=True)
            object.__setattr__(self, "_inherited", inherited)
        return inherited


class OriginTable:
    """``Origin`` per live tensor, plus parameters rebuilt by ``Module.to``."""

    _MAX_MODULE_MOVES = 65536

    def __init__(self) -> None:
        # id -> (weak reference, origin). No death callback (a Python call per
        # freed tensor would cost more than the record): a lookup checks the
        # reference still points at the tensor asked about, and dead entries
        # are swept once the table has doubled since the last sweep.
        self._entries: dict[int, tuple[weakref.ref[Any], Origin]] = {}
        self._sweep_at = 4096
        # Module._apply wraps a moved tensor in a *new* Parameter when the old
        # and new tensor types are not shallow-copy compatible (cpu -> meta),
        # through a path no hook sees; the new Parameter shares the moved
        # tensor's storage, so module moves are also keyed by storage.
        self._module_moves: dict[int, tuple[Origin, Any, Any, int]] = {}

    def __len__(self) -> int:
        return sum(1 for ref, _origin in self._entries.values() if ref() is not None)

    def get(self, tensor: Any) -> Origin | None:
        """The recorded origin of ``tensor``, or None."""
        entry = self._entries.get(id(tensor))
        if entry is not None and entry[0]() is tensor:
            return entry[1]
        if self._module_moves and type(tensor).__name__ == "Parameter":
            return self._module_move_of(tensor)
        return None

    def set(self, tensor: Any, origin: Origin) -> None:
        """Record ``origin`` for ``tensor`` (replacing any earlier one)."""
        self._entries[id(tensor)] = (weakref.ref(tensor), origin)
        if len(self._entries) > self._sweep_at:
            self._sweep()

    def _sweep(self) -> None:
        self._entries = {key: entry for key, entry in self._entries.items() if entry[0]() is not None}
        self._sweep_at = max(4096, 2 * len(self._entries))

    def record_module_move(self, tensor: Any, origin: Origin) -> None:
        """Remember a parameter or buffer moved by ``Module.to`` by its storage."""
        try:
            key = tensor.untyped_storage()._cdata
            nbytes = tensor.untyped_storage().nbytes()
        except Exception:  # sparse and other storage-less layouts
            return
        if len(self._module_moves) >= self._MAX_MODULE_MOVES:
            del self._module_moves[next(iter(self._module_moves))]
        self._module_moves[key] = (origin, tensor.device, tensor.dtype, nbytes)

    def _module_move_of(self, tensor: Any) -> Origin | None:
        try:
            storage = tensor.untyped_storage()
            found = self._module_moves.get(storage._cdata)
            if found is None:
                return None
            origin, device, dtype, nbytes = found
            # a storage address can be reused after a free: the facts must match too
            if tensor.device == device and tensor.dtype == dtype and storage.nbytes() == nbytes:
                return origin
        except Exception:
            pass
        return None

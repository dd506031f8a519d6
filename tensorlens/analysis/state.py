"""The abstract state at one program point: variable facts, grad mode, pending writes."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from tensorlens.analysis.values import UNKNOWN, AbstractValue, Device, GraphNode, Kind, Located, SavedFor, Tri


@dataclass(frozen=True)
class PendingWrite:
    """An in-place write through one side of shared memory, not yet observed elsewhere."""

    node: cst.CSTNode
    writer_text: str
    writer_value: AbstractValue
    how: str


@dataclass(frozen=True)
class SavedWrite:
    """An in-place write to a tensor that ``saved`` holds for backward, before that backward ran."""

    node: cst.CSTNode
    target_text: str
    how: str
    saved: SavedFor
    # Made through `.data`: no version bump, so backward does not raise; it computes with the new values.
    hidden: bool = False


@dataclass(frozen=True)
class GradsCleared:
    """An optimizer's ``zero_grad()`` (``node``) with no backward() after it yet; ``after_backward`` is the
    backward() that ran last before it, whose gradients it threw away (None when the walk knows of none)."""

    node: cst.CSTNode
    after_backward: Optional[cst.CSTNode]


@dataclass
class State:
    """Facts that hold at a program point.

    ``values`` maps access paths (``x``, ``self.fc``, ``batch["x"]``) to
    abstract values; an absent path is unknown. ``default_device`` is the
    device factories use without ``device=`` (CPU unless the file changes it).

    Autograd: ``freed`` maps graph nodes whose saved tensors a backward() freed
    to that call (on every path); ``modified`` maps graph nodes whose saved
    tensor was changed in place to the write (on some path). Inside a loop,
    ``iteration_bound`` holds the paths assigned since the iteration began (on
    every path); it is None outside loops.
    """

    values: dict[str, AbstractValue] = field(default_factory=dict)
    grad_enabled: Tri = Tri.YES
    default_device: Located = field(default_factory=lambda: Located(Device("cpu")))
    pending_writes: dict[int, PendingWrite] = field(default_factory=dict)
    freed: dict[GraphNode, cst.CSTNode] = field(default_factory=dict)
    modified: dict[GraphNode, SavedWrite] = field(default_factory=dict)
    iteration_bound: Optional[frozenset[str]] = None
    # Training steps: the backward() that ran last (on every path), and by optimizer (where it was created) the
    # zero_grad() that ran after it (on every path); see training_steps.py.
    last_backward: Optional[cst.CSTNode] = None
    grads_cleared: dict[Hashable, GradsCleared] = field(default_factory=dict)
    # Instances of the file's module classes (by the node that created them) that no method, and no code they
    # escaped to, has run on yet (on every path): their attributes are still as ``__init__`` left them.
    fresh: frozenset[int] = frozenset()
    # A function's local names no statement bound yet on this path: reading one raises, so a path where it is
    # unbound tells nothing about code that reads it (see local_names.py).
    unbound: frozenset[str] = frozenset()
    # The paths below another (``x.attr``, ``x[0]``), indexed when first needed: forgetting what lies below
    # a path looks only here, since scanning every path on every assignment took a quarter of the engine's time.
    _nested: Optional[set[str]] = field(default=None, init=False, repr=False, compare=False)

    def copy(self) -> State:
        copied = State(dict(self.values), self.grad_enabled, self.default_device, dict(self.pending_writes),
                       dict(self.freed), dict(self.modified), self.iteration_bound, self.last_backward,
                       dict(self.grads_cleared), self.fresh, self.unbound)
        if self._nested is not None:
            copied._nested = set(self._nested)
        return copied

    def _nested_paths(self) -> set[str]:
        if self._nested is None:
            self._nested = {path for path in self.values if _is_nested(path)}
        return self._nested

    def get(self, path: str) -> Optional[AbstractValue]:
        return self.values.get(path)

    def bind(self, path: str, value: AbstractValue) -> None:
        """Assign ``path``: anything derived from its old value is forgotten."""
        self.forget_below(path)
        if self.unbound and path in self.unbound:
            self.unbound = self.unbound - {path}
        if self.iteration_bound is not None:
            self.iteration_bound = self.iteration_bound | {path}
        if value.kind is Kind.UNKNOWN and value.integer is None:  # an unknown object may still hold a size
            if self.values.pop(path, None) is not None and self._nested is not None:
                self._nested.discard(path)
        else:
            self.values[path] = value
            if self._nested is not None and _is_nested(path):
                self._nested.add(path)

    def forget_below(self, path: str) -> None:
        """Drop ``path.attr`` and ``path[...]`` entries (they described the old object)."""
        nested = self._nested_paths()
        if not nested:
            return
        dotted, indexed = path + ".", path + "["
        stale = [key for key in nested if key.startswith((dotted, indexed))]
        for key in stale:
            del self.values[key]
            nested.discard(key)

    def join(self, other: State) -> State:
        """Facts true on both incoming paths; pending writes from either path."""
        values = {}
        for path, value in self.values.items():
            theirs = other.values.get(path)
            if theirs is None:
                if other.unbound and _head(path) in other.unbound:
                    values[path] = value  # the other path raises where this is read
                continue
            joined = value.join(theirs)
            if joined is not UNKNOWN:
                values[path] = joined
        if self.unbound:
            for path, theirs in other.values.items():
                if path not in self.values and _head(path) in self.unbound:
                    values[path] = theirs
        pending = dict(other.pending_writes)
        pending.update(self.pending_writes)
        freed = {node: call for node, call in self.freed.items() if node in other.freed}
        modified = dict(other.modified)
        modified.update(self.modified)
        bound = None
        if self.iteration_bound is not None and other.iteration_bound is not None:
            bound = self.iteration_bound & other.iteration_bound
        cleared = {key: fact for key, fact in self.grads_cleared.items() if other.grads_cleared.get(key) == fact}
        return State(values, self.grad_enabled.join(other.grad_enabled),
                     self.default_device.join(other.default_device), pending, freed, modified, bound,
                     self.last_backward if self.last_backward is other.last_backward else None, cleared,
                     self.fresh & other.fresh, self.unbound & other.unbound)

    def same_as(self, other: State) -> bool:
        return (self.values == other.values and self.grad_enabled is other.grad_enabled
                and self.default_device == other.default_device
                and self.pending_writes.keys() == other.pending_writes.keys()
                and self.freed.keys() == other.freed.keys() and self.modified.keys() == other.modified.keys()
                and self.last_backward is other.last_backward and self.grads_cleared == other.grads_cleared
                and self.fresh == other.fresh and self.unbound == other.unbound)


def _head(path: str) -> str:
    """The variable a path starts from (``x`` of ``x.fc[0]``)."""
    end = len(path)
    for mark in (".", "["):
        found = path.find(mark)
        if found != -1 and found < end:
            end = found
    return path[:end]


def _is_nested(path: str) -> bool:
    return "." in path or "[" in path


def join_all(states: list[Optional[State]]) -> Optional[State]:
    """Join the reachable states (None stands for an unreachable path)."""
    result: Optional[State] = None
    for state in states:
        if state is None:
            continue
        result = state.copy() if result is None else result.join(state)
    return result

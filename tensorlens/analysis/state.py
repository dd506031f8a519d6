"""The abstract state at one program point: variable facts, grad mode, pending writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from tensorlens.analysis.values import UNKNOWN, AbstractValue, Device, Kind, Located, Tri


@dataclass(frozen=True)
class PendingWrite:
    """An in-place write through one side of shared memory, not yet observed elsewhere."""

    node: cst.CSTNode
    writer_text: str
    writer_value: AbstractValue
    how: str


@dataclass
class State:
    """Facts that hold at a program point.

    ``values`` maps access paths (``x``, ``self.fc``, ``batch["x"]``) to
    abstract values; an absent path is unknown. ``default_device`` is the
    device factories use without ``device=`` (CPU unless the file changes it).
    """

    values: dict[str, AbstractValue] = field(default_factory=dict)
    grad_enabled: Tri = Tri.YES
    default_device: Located = field(default_factory=lambda: Located(Device("cpu")))
    pending_writes: dict[int, PendingWrite] = field(default_factory=dict)

    def copy(self) -> "State":
        return State(dict(self.values), self.grad_enabled, self.default_device, dict(self.pending_writes))

    def get(self, path: str) -> Optional[AbstractValue]:
        return self.values.get(path)

    def bind(self, path: str, value: AbstractValue) -> None:
        """Assign ``path``: anything derived from its old value is forgotten."""
        self.forget_below(path)
        if value.kind is Kind.UNKNOWN:
            self.values.pop(path, None)
        else:
            self.values[path] = value

    def forget_below(self, path: str) -> None:
        """Drop ``path.attr`` and ``path[...]`` entries (they described the old object)."""
        dotted, indexed = path + ".", path + "["
        stale = [key for key in self.values if key.startswith(dotted) or key.startswith(indexed)]
        for key in stale:
            del self.values[key]

    def join(self, other: "State") -> "State":
        """Facts true on both incoming paths; pending writes from either path."""
        values = {}
        for path, value in self.values.items():
            theirs = other.values.get(path)
            if theirs is None:
                continue
            joined = value.join(theirs)
            if joined is not UNKNOWN:
                values[path] = joined
        pending = dict(other.pending_writes)
        pending.update(self.pending_writes)
        return State(values, self.grad_enabled.join(other.grad_enabled),
                     self.default_device.join(other.default_device), pending)

    def same_as(self, other: "State") -> bool:
        return (self.values == other.values and self.grad_enabled is other.grad_enabled
                and self.default_device == other.default_device
                and self.pending_writes.keys() == other.pending_writes.keys())


def join_all(states: list[Optional["State"]]) -> Optional[State]:
    """Join the reachable states (None stands for an unreachable path)."""
    result: Optional[State] = None
    for state in states:
        if state is None:
            continue
        result = state.copy() if result is None else result.join(state)
    return result

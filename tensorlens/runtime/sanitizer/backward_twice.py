"""TL103 backward-twice: a backward through a graph an earlier backward already freed.

Every backward that frees its graph (no ``retain_graph``) leaves its root
nodes and site in a short history; costs nothing more per step. When the
autograd engine then refuses a second pass, the graph being walked is
intersected with the remembered ones to name the backward that freed it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from tensorlens.runtime.sanitizer.ops import OpTraits
from tensorlens.runtime.sanitizer.sites import Site
from tensorlens.runtime.sanitizer.state import RunState

# the autograd engine's message for a freed graph (stable since PyTorch 0.4)
_FREED_GRAPH = "backward through the graph a second time"
_HISTORY = 16  # backward calls remembered
_MAX_NODES = 100_000  # graph walk bound, only ever walked after the engine raised

# (index, keyword) of the tensors, retain_graph and create_graph arguments
_SIGNATURES = {
    "backward": ((0, "tensors"), (2, "retain_graph"), (3, "create_graph")),
    "grad": ((0, "outputs"), (3, "retain_graph"), (4, "create_graph")),
}


def _argument(args: tuple[Any, ...], kwargs: dict[str, Any], where: tuple[int, str]) -> Any:
    index, keyword = where
    if keyword in kwargs:
        return kwargs[keyword]
    return args[index] if index < len(args) else None


def _graph_nodes(roots: Iterable[Any]) -> set[Any]:
    seen: set[Any] = set()
    stack = [root for root in roots if root is not None]
    while stack and len(seen) < _MAX_NODES:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(child for child, _ in node.next_functions if child is not None)
    return seen


class BackwardTwiceCheck:
    """Runs backward calls, remembering what each freed; reports TL103 on a second pass."""

    def __init__(self, state: RunState, tensor_type: type[Any]) -> None:
        self._state = state
        self._tensor_type = tensor_type
        # (roots, (code, instruction, line), op name): the site is only built if reported
        self._freed: deque[tuple[tuple[Any, ...], tuple[Any, int, int], str]] = deque(maxlen=_HISTORY)

    def run(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Call ``func`` (a backward or ``autograd.grad``) under watch."""
        tensors_at, retain_at, create_at = _SIGNATURES[getattr(func, "__name__", "backward")]
        frame = self._state.frames.find()
        roots = self._roots(_argument(args, kwargs, tensors_at))
        try:
            result = func(*args, **kwargs)
        except RuntimeError as exc:
            if _FREED_GRAPH in str(exc):
                self._report(traits, frame, roots)
            raise
        self._state.backward_calls += 1
        retain = _argument(args, kwargs, retain_at)
        if retain is None:
            retain = _argument(args, kwargs, create_at)
        if not retain and roots and frame is not None:
            self._freed.append((roots, (frame.f_code, frame.f_lasti, frame.f_lineno), traits.name))
        return result

    def _roots(self, tensors: Any) -> tuple[Any, ...]:
        if isinstance(tensors, self._tensor_type):
            tensors = (tensors,)
        if not isinstance(tensors, (list, tuple)):
            return ()
        return tuple(t.grad_fn for t in tensors
                     if isinstance(t, self._tensor_type) and t.grad_fn is not None)

    def _first_backward(self, roots: tuple[Any, ...]) -> tuple[Site, str] | None:
        current = _graph_nodes(roots)
        for earlier_roots, where, name in reversed(self._freed):
            if current & _graph_nodes(earlier_roots):
                return self._state.frames.site_at(*where), name
        return None

    def _report(self, traits: OpTraits, frame: Any, roots: tuple[Any, ...]) -> None:
        def message() -> str:
            first = self._first_backward(roots)
            where = (f"the `{first[1]}` at {first[0].path}:{first[0].line}" if first is not None
                     else "an earlier backward")
            return (f"`{traits.name}` runs through a graph already freed by {where}; "
                    "pass `retain_graph=True` to that first backward, or recompute the forward pass")

        self._state.report("TL103", frame, message)

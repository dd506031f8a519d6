"""TL104 graph-accumulation: a loss-like tensor summed across iterations with its graph.

``total += loss`` keeps a grad_fn; next iteration the same expression adds
to that result again, so the graph (and every step's nodes) keeps growing.
The monitor sees it as one expression (code object and instruction) whose
previous scalar, grad-carrying result comes back as its input after a
``backward()`` ran in between: accumulating micro-batch losses *within* one
step and calling backward on the sum is not flagged.
"""

from __future__ import annotations

import weakref
from types import CodeType
from typing import Any

from tensorlens.runtime.sanitizer.describe import describe, name_in_frame, op_text
from tensorlens.runtime.sanitizer.ops import OpTraits
from tensorlens.runtime.sanitizer.state import RunState


class _Chain:
    __slots__ = ("code", "last", "backward_calls")

    def __init__(self, code: CodeType) -> None:
        self.code = code  # keeps the code object, so the id in the key stays its own
        self.last: weakref.ref[Any] | None = None
        self.backward_calls = 0


class AccumulationCheck:
    """Reports TL104 where one expression keeps adding onto its own grad-carrying result."""

    def __init__(self, state: RunState, tensor_type: type[Any]) -> None:
        self._state = state
        self._tensor_type = tensor_type
        # keyed by (id(code), instruction offset): hashing code objects is slow
        self._chains: dict[tuple[int, int], _Chain] = {}

    def after_op(self, traits: OpTraits, args: tuple[Any, ...], result: Any) -> None:
        """Called after an add/sub; only scalar results with a grad_fn are followed."""
        if not isinstance(result, self._tensor_type) or result.grad_fn is None or result.numel() != 1:
            return
        state = self._state
        frame = state.frames.find()
        if frame is None:
            return
        key = (id(frame.f_code), frame.f_lasti)
        chain = self._chains.get(key)
        if chain is None:
            chain = self._chains[key] = _Chain(frame.f_code)
        else:
            previous = chain.last() if chain.last is not None else None
            if (previous is not None and chain.backward_calls != state.backward_calls
                    and any(arg is previous for arg in args)):
                self._report(traits, frame, previous, args)
        chain.last = weakref.ref(result)
        chain.backward_calls = state.backward_calls

    def _report(self, traits: OpTraits, frame: Any, previous: Any, args: tuple[Any, ...]) -> None:
        state = self._state
        added = next((a for a in args if a is not previous and isinstance(a, self._tensor_type)), None)

        def message() -> str:
            total = describe(previous, name_in_frame(frame, previous), state.origins.get(previous),
                             "the running total")
            other = name_in_frame(frame, added) if added is not None else None
            fix = f"`{other}.item()` or `{other}.detach()`" if other else "`.item()` or `.detach()`"
            return (f"`{op_text(traits.name, frame)}` accumulates across iterations into {total}: a backward() ran "
                    "since the last step, yet the total still carries its grad_fn, so its graph "
                    f"grows every iteration and keeps every step's nodes alive; accumulate {fix}")

        state.report("TL104", frame, message)

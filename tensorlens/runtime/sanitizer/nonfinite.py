"""TL501 nonfinite-value (``tensorlens run --nonfinite``): the first op that makes a NaN or an Inf.

Once a NaN exists every later op spreads it, so the op worth reporting is
the one whose output is not finite while its tensor inputs all are. Forward
ops are checked after each call (one ``isfinite().all()`` read-back per
floating output); backward nodes through a hook on each node of the graph
being differentiated, registered when ``backward()``/``autograd.grad`` starts,
with the forward site the node came from (recorded in the node's metadata).

Not reported: factories (``torch.full(..., -inf)`` is meant), and ops given a
non-finite Python number (``masked_fill(mask, float("-inf"))``, attention
masks): the Inf there is the program's own.

This checks every op of every step: the first NaN can come at any step, so
``--nonfinite`` turns step sampling off.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import torch

from tensorlens.runtime.sanitizer.describe import name_in_frame, op_text
from tensorlens.runtime.sanitizer.ops import OpKind, OpTraits
from tensorlens.runtime.sanitizer.state import RunState
from tensorlens.runtime.summary import summary

_SITE_KEY = "tensorlens_site"
_HOOKED_KEY = "tensorlens_nonfinite_hook"
_MAX_GRAPH_NODES = 200_000


def _floating(t: Any) -> bool:
    return bool((t.is_floating_point() or t.is_complex()) and t.numel() > 0 and t.device.type != "meta")


def _finite(t: Any) -> bool:
    """No NaN or Inf in ``t``.

    A sum is NaN or infinite whenever an element is, and costs one kernel and
    one read-back (``isfinite().all()`` is several kernels: 18 µs against 2 µs
    for a 64x64 tensor on one CPU thread). Only a sum that overflowed (large
    finite f16 values) needs the exact check.
    """
    total = t.detach().sum().item()
    if isinstance(total, complex):
        if math.isfinite(total.real) and math.isfinite(total.imag):
            return True
    elif math.isfinite(total):
        return True
    return bool(torch.isfinite(t.detach()).all())


def _bad_counts(t: Any) -> str:
    nan = int(torch.isnan(t).sum())
    inf = int(torch.isinf(t).sum())
    parts = [f"nan={nan}" if nan else "", f"inf={inf}" if inf else ""]
    return " ".join(p for p in parts if p) + f" of {t.numel()} elements"


def _tensors(values: Iterable[Any]) -> Iterable[Any]:
    for value in values:
        if isinstance(value, torch.Tensor):
            yield value
        elif type(value) in (list, tuple):
            yield from (item for item in value if isinstance(item, torch.Tensor))


def _nonfinite_number(values: Iterable[Any]) -> bool:
    return any(type(v) is float and not math.isfinite(v) for v in values)


class NonfiniteCheck:
    """Reports TL501 at the first op (forward or backward) that turns finite values into NaN/Inf."""

    def __init__(self, state: RunState) -> None:
        self._state = state

    # -- forward -----------------------------------------------------------------

    def after_op(self, traits: OpTraits, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any) -> None:
        """Called after every op that has tensor arguments."""
        outputs = [result] if isinstance(result, torch.Tensor) else list(_tensors(result)) \
            if type(result) in (list, tuple) else []
        for output in outputs:
            if output.grad_fn is not None:
                self._remember_site(output.grad_fn)
            if not _floating(output) or _finite(output):
                continue
            if _nonfinite_number(args) or _nonfinite_number(kwargs.values()):
                return
            # an in-place op's target already holds its new values: its old ones are gone
            written = output if traits.kind is OpKind.INPLACE else None
            inputs = [t for t in _tensors((*args, *kwargs.values())) if t is not written]
            if all(_finite(t) for t in inputs if _floating(t)):
                self._report_forward(traits, output, inputs)
            return

    def _remember_site(self, grad_fn: Any) -> None:
        frame = self._state.frames.find()
        if frame is not None:
            grad_fn.metadata[_SITE_KEY] = (frame.f_code, frame.f_lasti, frame.f_lineno)

    def _report_forward(self, traits: OpTraits, output: Any, inputs: list[Any]) -> None:
        state = self._state
        frame = state.frames.find()

        def message() -> str:
            described = (self._operand(frame, i, t) for i, t in enumerate(inputs, start=1))
            operands = "; ".join(described) or "no tensor operands"
            return (f"`{op_text(traits.name, frame)}` produced non-finite values ({_bad_counts(output)}) "
                    f"from finite inputs: {operands}")

        state.report("TL501", frame, message)

    def _operand(self, frame: Any, index: int, t: Any) -> str:
        name = name_in_frame(frame, t)
        label = f"`{name}`" if name else f"operand {index}"
        origin = self._state.origins.get(t)
        return f"{label} = {summary(t)}, {origin if origin is not None else 'origin not seen'}"

    # -- backward ----------------------------------------------------------------

    def before_backward(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Hook every node of the graph about to be differentiated (once per node)."""
        roots = [t.grad_fn for t in _tensors((*args[:1], kwargs.get("tensors"), kwargs.get("outputs")))
                 if t.grad_fn is not None]
        seen: set[Any] = set()
        stack = list(roots)
        while stack and len(seen) < _MAX_GRAPH_NODES:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(child for child, _ in node.next_functions if child is not None)
            if type(node).__name__ == "AccumulateGrad" or node.metadata.get(_HOOKED_KEY):
                continue
            node.metadata[_HOOKED_KEY] = True
            node.register_hook(self._backward_hook(node))

    def _backward_hook(self, node: Any) -> Any:
        def hook(grad_inputs: tuple[Any, ...], grad_outputs: tuple[Any, ...]) -> None:
            try:
                produced = [g for g in grad_inputs if isinstance(g, torch.Tensor) and _floating(g)]
                if all(_finite(g) for g in produced):
                    return
                received = [g for g in grad_outputs if isinstance(g, torch.Tensor) and _floating(g)]
                if all(_finite(g) for g in received):
                    self._report_backward(node, next(g for g in produced if not _finite(g)), received)
            except Exception:
                pass  # a check must never break the program's backward pass

        return hook

    def _report_backward(self, node: Any, bad: Any, received: list[Any]) -> None:
        state = self._state
        site = node.metadata.get(_SITE_KEY)
        frame = state.frames.find()
        name = type(node).__name__

        def message() -> str:
            where = ""
            if site is not None:
                forward = state.frames.site_at(*site)
                where = f" (the backward of the op at {forward.path}:{forward.line})"
            incoming = "; ".join(f"{summary(g)}" for g in received) or "none"
            return (f"backward node `{name}`{where} produced a non-finite gradient ({_bad_counts(bad)}) from finite "
                    f"incoming gradients: {incoming}")

        if site is not None:
            state.log.report("TL501", state.frames.site_at(*site), message)
        else:
            state.report("TL501", frame, message)

"""TL201 device-mismatch: an op about to mix tensors on different devices.

Reported before the op runs, so the finding (with both tensors' origins)
comes before PyTorch's own "Expected all tensors to be on the same device".
A 0-dim CPU tensor may join any device's op, as PyTorch allows; ``meta`` is
treated like any other non-CPU device, even for the ops (``mm`` on 2-D
operands, embedding lookups) where it happens not to raise while CUDA does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tensorlens.runtime.sanitizer.describe import describe, name_in_frame, op_text
from tensorlens.runtime.sanitizer.ops import PACKED_RNN_KERNELS, OpTraits
from tensorlens.runtime.sanitizer.state import RunState


def scan(args: tuple[Any, ...], kwargs: dict[str, Any], tensor_type: type[Any]) -> tuple[Any, bool]:
    """The first tensor argument, and whether two tensor arguments sit on different devices.

    The hot path of the sanitizer: it runs for every op, so it only compares
    (CPU with CPU without building device objects); ``DeviceMixCheck``
    re-examines the rare ops where devices differ.
    """
    first = None
    mixed = False
    for arg in args:
        if isinstance(arg, tensor_type):
            if first is None:
                first = arg
            elif not mixed and not (arg.is_cpu and first.is_cpu) and arg.device != first.device:
                mixed = True
        elif type(arg) in _SEQUENCES and arg and isinstance(arg[0], tensor_type):
            first, mixed = _scan_more(arg, first, mixed, tensor_type)  # cat/stack, RNN weights
    if kwargs:
        first, mixed = _scan_more(kwargs.values(), first, mixed, tensor_type)
    return first, mixed


_SEQUENCES = (list, tuple)


def _scan_more(values: Any, first: Any, mixed: bool, tensor_type: type[Any]) -> tuple[Any, bool]:
    for arg in values:
        items = (arg,) if isinstance(arg, tensor_type) else arg if type(arg) in _SEQUENCES else ()
        for item in items:
            if not isinstance(item, tensor_type):
                continue
            if first is None:
                first = item
            elif not mixed and not (item.is_cpu and first.is_cpu) and item.device != first.device:
                mixed = True
    return first, mixed


def _labelled(func_name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
              tensor_type: type[Any]) -> Iterator[tuple[str, Any]]:
    for index, arg in enumerate(args):
        if index == 1 and func_name in PACKED_RNN_KERNELS and isinstance(arg, tensor_type):
            continue  # PackedSequence.batch_sizes stays on the CPU by design
        if isinstance(arg, tensor_type):
            yield f"argument {index + 1}", arg
        elif type(arg) in (list, tuple):
            for j, item in enumerate(arg):
                if isinstance(item, tensor_type):
                    yield f"argument {index + 1}[{j}]", item
    for key, arg in kwargs.items():
        if isinstance(arg, tensor_type):
            yield f"`{key}=`", arg


def conflict(func_name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
             tensor_type: type[Any]) -> tuple[tuple[str, Any], tuple[str, Any]] | None:
    """The first two (label, tensor) pairs PyTorch would refuse to mix, or None."""
    first = None
    for label, tensor in _labelled(func_name, args, kwargs, tensor_type):
        if tensor.is_cpu and tensor.dim() == 0:
            continue  # a CPU scalar tensor is accepted by ops on any device
        if first is None:
            first = (label, tensor)
        elif tensor.device != first[1].device:
            return first, (label, tensor)
    return None


class DeviceMixCheck:
    """Reports TL201 for an op whose tensor arguments live on different devices."""

    def __init__(self, state: RunState, tensor_type: type[Any]) -> None:
        self._state = state
        self._tensor_type = tensor_type

    def before_op(self, traits: OpTraits, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Called only when ``scan`` saw two devices; reports if PyTorch would refuse."""
        func_name = getattr(func, "__name__", "")
        pair = conflict(func_name, args, kwargs, self._tensor_type)
        if pair is None:
            return
        state = self._state
        frame = state.frames.find()
        (label_a, a), (label_b, b) = pair

        def message() -> str:
            first = describe(a, name_in_frame(frame, a), state.origins.get(a), label_a)
            second = describe(b, name_in_frame(frame, b), state.origins.get(b), label_b)
            return f"`{op_text(traits.name, frame)}` mixes {a.device} and {b.device}: {first} with {second}"

        state.report("TL201", frame, message)

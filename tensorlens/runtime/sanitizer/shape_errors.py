"""TL401-TL408 at run time: a shape error PyTorch raised, explained (the TensorSensor idea).

When an op raises a shape error, the finding names the user's line, every
tensor operand (its name in the user's frame, shape, dtype, device, and the
line that made it: ``made by `.view()` at train.py:31``) and, for a layer
call, the layer's contract (``self.fc`` expects input[..., 512]). The
program's exception then goes on as usual.

Two routes: an op the monitor saw raise (exact operands, at the sampled
steps), and an uncaught shape error the monitor did not see (raised by
Python code such as ``nn.LSTM``'s input check, or in an unchecked step),
explained from its traceback's frames. Either way the finding is made only
when the error ends the program: a shape error the program catches (a
fallback, a probe of the output size) is not a bug.
"""

from __future__ import annotations

import sys
from types import FrameType, TracebackType
from typing import Any

from tensorlens.runtime.sanitizer.describe import name_in_frame, op_text
from tensorlens.runtime.sanitizer.ops import OpTraits
from tensorlens.runtime.sanitizer.state import RunState
from tensorlens.runtime.shape_error import (
    first_line,
    innermost_module,
    module_expectation,
    module_name,
    shape_error_code,
    tensors_in,
)
from tensorlens.runtime.summary import tensor_header

_PENDING = "__tensorlens_shape_finding__"  # on an exception an op raised: reports it, if it ends the program
_MAX_OPERANDS = 8


class ShapeErrorCheck:
    """Turns a shape error into a TL40x finding with operands, origins and the layer's contract."""

    def __init__(self, state: RunState) -> None:
        self._state = state

    def op_raised(self, traits: OpTraits, args: tuple[Any, ...], kwargs: dict[str, Any],
                  exc: BaseException) -> None:
        """An op the monitor called raised ``exc``: if it is a shape error, remember on the exception
        how to report it with these operands (``uncaught`` reports it if the program ends by it)."""
        if getattr(exc, _PENDING, None) is not None:
            return
        frames = _live_frames(self._state)
        module = innermost_module(frames)
        code = shape_error_code(exc, _op_label(traits.name, module))
        if code is None:
            return
        user = self._state.frames.find()
        operands = tensors_in(args, kwargs)
        op = op_text(traits.name, user)
        _attach(exc, lambda: self._report(code, op, exc, user, operands, module))

    def uncaught(self, exc: BaseException) -> None:
        """The program ended with ``exc``: report the shape error it is (or was raised from), with
        the operands its op was called with, or else explained from the traceback."""
        seen: set[int] = set()
        cause: BaseException | None = exc
        while cause is not None and id(cause) not in seen:
            seen.add(id(cause))
            pending = getattr(cause, _PENDING, None)
            if pending is not None:
                pending()
                return
            cause = cause.__cause__ or cause.__context__
        frames = _traceback_frames(exc.__traceback__)  # innermost first
        frames_user = [f for f in frames if self._state.frames.is_user_code(f.f_code)]
        if not frames_user:
            return
        module = innermost_module(frames)
        code = shape_error_code(exc, _op_label("", module))
        if code is None:
            return
        user = frames_user[0]
        innermost = frames[0]
        # the raising library function's arguments are the operands; raised in the user's own
        # frame (a C op), the frame's tensors are the candidates
        scope = innermost if innermost is not user else user
        try:
            operands = tensors_in([], {k: v for k, v in scope.f_locals.items() if k != "self"})
        except Exception:
            operands = []
        operands = [(label.strip("`="), tensor) for label, tensor in operands]
        self._report(code, "", exc, user, operands, module)

    def _report(self, code: str, op: str, exc: BaseException, user: FrameType | None,
                operands: list[tuple[str, Any]], module: Any) -> None:
        origins = self._state.origins
        named = [(name_in_frame(user, tensor) or label, tensor) for label, tensor in operands]

        def facts() -> list[dict[str, Any]]:
            rows = []
            for name, tensor in named[:_MAX_OPERANDS]:
                origin = origins.get(tensor)
                rows.append({"name": name, "shape": list(tensor.shape), "dtype": str(tensor.dtype),
                             "device": str(tensor.device),
                             "origin": origin.shape_story() if origin is not None else None})
            return rows

        layer = None
        if module is not None:
            given = named[0][1] if named else None
            layer = {"name": module_name(user, module), "type": type(module).__name__,
                     "expects": module_expectation(module, given)}

        def message() -> str:
            raiser = op or (type(module).__name__ if module is not None else "")
            parts = [f"`{raiser}` raised a shape error" if raiser else "shape error",
                     f": {first_line(exc).rstrip('.')}"]
            if layer is not None and layer["expects"]:
                label = f"`{layer['name']}`" if layer["name"] else "the layer"
                parts.append(f"; {label} ({layer['type']}) {layer['expects']}")
            described = []
            for row, (name, tensor) in zip(facts(), named):
                where = row["origin"] or "origin not seen"
                described.append(f"{_quoted(name)} ({tensor_header(tensor)}, {where})")
            if described:
                more = len(named) - len(described)
                parts.append("; operands: " + ", ".join(described) + (f" and {more} more" if more > 0 else ""))
            return "".join(parts)

        def details() -> dict[str, Any]:
            found: dict[str, Any] = {"error": first_line(exc), "operands": facts()}
            if layer is not None:
                found["module"] = layer
            return found

        self._state.report(code, user, message, details)


def _quoted(name: str) -> str:
    return name if name.startswith(("argument", "`")) else f"`{name}`"


def _op_label(op: str, module: Any) -> str:
    import torch

    return f"{op} linear" if isinstance(module, torch.nn.Linear) else op


def _attach(exc: BaseException, report: Any) -> None:
    try:
        setattr(exc, _PENDING, report)
    except Exception:  # an exception type with __slots__: explained from its traceback instead
        pass


def _live_frames(state: RunState) -> list[FrameType]:
    """The frames between the monitor and the user's frame, innermost first."""
    frames = []
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and not state.frames.is_user_code(frame.f_code):
        frames.append(frame)
        frame = frame.f_back
    return frames


def _traceback_frames(tb: TracebackType | None) -> list[FrameType]:
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    frames.reverse()
    return frames

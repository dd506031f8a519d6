"""Which tensors an autograd or device error is about.

PyTorch's messages name devices, shapes and versions but not variables:
"Expected all tensors to be on the same device, but found at least two
devices, cuda:0 and cpu!" or "one of the variables needed for gradient
computation has been modified by an inplace operation: [torch.FloatTensor
[2, 2]], which is output 0 of Exp, is at version 1; expected version 0".
Matching those facts against the tensors of the failing frames turns them
into names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import FrameType
from typing import Any

from tensorlens.runtime.frame import FrameTensor, FrameTensors, frame_tensors
from tensorlens.runtime.frame_text import name_list
from tensorlens.runtime.shape_error import (
    assignment_line,
    first_line,
    innermost_module,
    matches_sizes,
    module_expectation,
    module_name,
    shape_error_code,
    sizes_in,
)

_DEVICE = re.compile(r"\b(cpu|cuda(?::\d+)?|mps|meta|xpu(?::\d+)?|hpu(?::\d+)?|privateuseone(?::\d+)?)\b", re.I)
_DEVICE_ERROR = re.compile(r"same device|expected device|on device|device type|Expected .* to be on", re.I)
_INPLACE_VERSION = re.compile(
    r"modified by an inplace operation: \[(?P<type>[\w.]+) \[(?P<shape>[\d, ]*)\]\]"
    r"(?:, which is output (?P<output>\d+) of (?P<op>\w+))?, is at version (?P<version>\d+); "
    r"expected version (?P<expected>\d+)"
)
_LEAF_INPLACE = re.compile(r"(a view of )?a leaf Variable that requires grad is being used in an in-place operation")


def explain_shape_error(exc: BaseException, frames: Sequence[FrameType], user: FrameType) -> list[str]:
    """Lines for a shape error at a post-mortem: its rule code, the layer's contract and the
    operands (matched by the sizes the message names) with the line that assigned each.

    ``frames`` are the traceback's frames, innermost first; ``user`` is the
    innermost frame of the user's code. Empty when ``exc`` is not a shape error.
    """
    module = innermost_module(frames)
    is_linear = module is not None and type(module).__name__ == "Linear"
    code = shape_error_code(exc, "linear" if is_linear else "")
    if code is None:
        return []
    lines = [f"shape error ({code}): {first_line(exc)}"]
    raising = frames[0]
    scopes = [raising, user] if raising is not user else [user]
    given = None
    sizes = sizes_in(str(exc))
    for scope in scopes:
        own = scope is user
        # in the user's frame, the plain locals whose sizes the message names (not every parameter)
        rows = [row for row in frame_tensors(scope).tensors
                if not own or (row.module is None and matches_sizes(row.tensor, sizes, code))]
        if given is None and rows and not own:
            given = rows[0].tensor
        described = []
        for row in rows[:8]:
            where = _where_assigned(scope, row.name) if own else ""
            described.append(f"{row.name} ({row.header}{where})")
        if described:
            lines.append(f"  {_label(scope)}: operands: " + ", ".join(described))
    if module is not None:
        expectation = module_expectation(module, given if given is not None else _first_tensor(user, sizes, code))
        if expectation:
            name = module_name(user, module) or type(module).__name__
            lines.append(f"  `{name}` ({type(module).__name__}) {expectation}")
    return lines


def _where_assigned(frame: FrameType, name: str) -> str:
    if not name.isidentifier():
        return ""
    line = assignment_line(frame, name)
    if line is not None:
        return f", assigned at line {line}"
    code = frame.f_code
    if name in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
        return f", an argument of {code.co_name}()"
    return ""


def _label(frame: FrameType) -> str:
    import os

    return f"{frame.f_code.co_name}() at {os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}"


def _first_tensor(frame: FrameType, sizes: set[int], code: str) -> Any:
    for row in frame_tensors(frame).tensors:
        if matches_sizes(row.tensor, sizes, code):
            return row.tensor
    return None


def explain_failure(exc: BaseException, frames: Sequence[tuple[str, FrameTensors]]) -> list[str]:
    """Lines naming the tensors that ``exc`` is about; empty when it is not a known kind.

    ``frames`` are ``(label, tensors)`` pairs, innermost first: for a device
    error inside ``nn.Linear.forward`` the clash is between that frame's
    ``input`` and ``self.weight``, while the user's own frame holds the names
    they know.
    """
    message = str(exc)
    if _DEVICE_ERROR.search(message) and _DEVICE.search(message):
        return _device_lines(message, frames)
    match = _INPLACE_VERSION.search(message)
    if match:
        return _saved_tensor_lines(match, frames)
    match = _LEAF_INPLACE.search(message)
    if match:
        return _leaf_lines(bool(match.group(1)), frames)
    if "backward through the graph a second time" in message:
        return ["backward() ran twice through one graph: pass retain_graph=True to the first call, "
                "or rebuild the graph"]
    return []


def _device_lines(message: str, frames: Sequence[tuple[str, FrameTensors]]) -> list[str]:
    named = {d.lower() for d in _DEVICE.findall(message)}
    lines = [f"device error: the message names {', '.join(sorted(named))}"]
    for label, found in frames:
        parts = [
            f"on {device}: {name_list(names)}"
            for device, names in found.devices.items()
            if device in named or device.split(":")[0] in named
        ]
        if parts:
            lines.append(f"  {label}: " + "; ".join(parts))
    return lines


def _saved_tensor_lines(match: re.Match[str], frames: Sequence[tuple[str, FrameTensors]]) -> list[str]:
    shape = [int(s) for s in match.group("shape").replace(" ", "").split(",") if s]
    version = int(match.group("version"))
    op = match.group("op")
    source = f"output {match.group('output')} of {op}" if op else "an input"
    lines = [
        f"in-place error: a tensor saved for backward ({source}, shape {shape}) was modified: "
        f"now at version {version}, saved at version {match.group('expected')}"
    ]
    for label, found in frames:
        suspects = [row for row in found.tensors if _matches(row, shape, version)]
        # The in-place op replaced the tensor's grad_fn, so the original op's
        # name ranks suspects only when the write happened under no_grad.
        suspects.sort(key=lambda row: _grad_fn_name(row.tensor).startswith(op or "\0"), reverse=True)
        if suspects:
            described = ", ".join(f"{r.name} ({r.header}, version {version})" for r in suspects[:4])
            lines.append(f"  {label}: modified in place: {described}")
    if len(lines) == 1:
        lines.append(f"  no tensor in these frames has shape {shape} at version {version}")
    return lines


def _leaf_lines(is_view: bool, frames: Sequence[tuple[str, FrameTensors]]) -> list[str]:
    what = "a view of a leaf that requires grad" if is_view else "a leaf that requires grad"
    lines = [f"in-place error: {what} was written to outside torch.no_grad()"]
    for label, found in frames:
        leaves = [row.name for row in found.tensors if _is_grad_leaf(row.tensor)]
        if leaves:
            lines.append(f"  {label}: leaves that require grad: {name_list(leaves)}")
    return lines


def _matches(row: FrameTensor, shape: list[int], version: int) -> bool:
    t = row.tensor
    try:
        return list(t.shape) == shape and t._version == version and t.requires_grad
    except Exception:
        return False


def _is_grad_leaf(t: Any) -> bool:
    try:
        return bool(t.requires_grad and t.is_leaf)
    except Exception:
        return False


def _grad_fn_name(t: Any) -> str:
    fn = getattr(t, "grad_fn", None)
    return type(fn).__name__ if fn is not None else ""

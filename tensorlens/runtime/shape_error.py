"""Which shape error PyTorch raised, and what the module that raised it expected.

PyTorch's shape errors name sizes but neither variables nor layers: "mat1 and
mat2 shapes cannot be multiplied (64x800 and 512x10)" does not say that 512
is ``self.fc``'s ``in_features``. This module sorts a message into the static
shape rules' codes (TL401-TL408, so ``tensorlens run`` and ``tensorlens check``
speak of one bug with one code) and states a module's expectation next to
the input it got. Used by the sanitizer (live operands) and by the pdb
post-mortem (the traceback's frames).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from types import FrameType
from typing import Any

_MATMUL = re.compile(r"mat1 and mat2 shapes cannot be multiplied|Expected size for first two dimensions of batch2"
                     r"|both arguments to matmul need to be at least 1D|inconsistent tensor size, expected tensor"
                     r"|size mismatch, got input \(")
# (code, message pattern), first match wins; the linear case of _MATMUL is told apart by the op
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("TL402", _MATMUL),
    ("TL403", re.compile(r"Sizes of tensors must match except in dimension|stack expects each tensor to be equal size"
                         r"|Tensors must have same number of dimensions")),
    ("TL404", re.compile(r"The size of tensor a \(\d+\) must match the size of tensor b \(\d+\)"
                         r"|doesn't match the broadcast shape")),
    ("TL405", re.compile(r"shape '\[[-\d, ]*\]' is invalid for input of size \d+"
                         r"|view size is not compatible with input tensor's size and stride")),
    ("TL406", re.compile(r"Given groups=\d+, (?:expected )?weight of size .* to have \d+ channels"
                         r"|Expected \w+ \(unbatched\) or \w+ \(batched\) input to conv")),
    ("TL407", re.compile(r"Expected input batch_size \(\d+\) to match target batch_size \(\d+\)"
                         r"|Target size \(.*\) must be the same as input size"
                         r"|0D or 1D target tensor expected, multi-target not supported")),
    ("TL408", re.compile(r"input\.size\(-1\) must be equal to input_size|Expected hidden(?:\[\d\])? size"
                         r"|input must have \d+ dimensions, got \d+")),
)
_LINEAR_OPS = ("linear", "addmm")
_TORCH_NN = f"{os.sep}torch{os.sep}nn{os.sep}"


def shape_error_code(exc: BaseException, op: str = "") -> str | None:
    """The TL40x code of a shape error ``exc`` (raised by ``op``, when known), or None.

    ``mat1 and mat2`` comes from both ``x @ w`` and ``nn.Linear``: TL401 when
    the op or the module that raised it is a linear layer, else TL402.
    """
    if not isinstance(exc, (RuntimeError, ValueError)):
        return None
    message = str(exc)
    for code, pattern in _PATTERNS:
        if pattern.search(message):
            if code == "TL402" and any(name in op for name in _LINEAR_OPS):
                return "TL401"
            return code
    return None


def first_line(exc: BaseException) -> str:
    """The exception's message up to its first line break (PyTorch appends C++ frames on some builds)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def innermost_module(frames: Iterable[FrameType]) -> Any:
    """The ``nn.Module`` whose code is running in the innermost of ``frames`` that has one, or None.

    ``frames`` are innermost first; only frames of torch's own modules count,
    so a user's ``Net.forward`` calling ``self.fc(x)`` yields ``self.fc``'s
    frame, not ``Net``'s.
    """
    import torch

    for frame in frames:
        if _TORCH_NN not in frame.f_code.co_filename:
            continue
        try:
            candidate = frame.f_locals.get("self")
        except Exception:
            continue
        if isinstance(candidate, torch.nn.Module):
            return candidate
    return None


def module_expectation(module: Any, given: Any) -> str | None:
    """``expects input[..., 512] (in_features=512), got tensor[64, 800]`` for the layers whose
    contract is one input size; None for other modules or when ``given`` is not a tensor."""
    import torch

    if not isinstance(given, torch.Tensor):
        return None
    nn = torch.nn
    if isinstance(module, nn.Linear):
        expected = f"input[..., {module.in_features}] (in_features={module.in_features})"
    elif isinstance(module, nn.modules.conv._ConvNd):
        rank = len(module.kernel_size)
        spatial = ", ".join(["_"] * rank)
        expected = (f"input[N, {module.in_channels}, {spatial}] or [{module.in_channels}, {spatial}] "
                    f"(in_channels={module.in_channels})")
    elif isinstance(module, nn.RNNBase):
        layout = "[N, L, " if module.batch_first else "[L, N, "
        expected = (f"input{layout}{module.input_size}] or [L, {module.input_size}] "
                    f"(input_size={module.input_size}, batch_first={module.batch_first})")
    elif isinstance(module, nn.modules.batchnorm._BatchNorm):
        expected = f"input[N, {module.num_features}, ...] (num_features={module.num_features})"
    else:
        return None
    return f"expects {expected}, got {_shape(given)}"


def module_name(frame: FrameType | None, module: Any, limit: int = 16) -> str | None:
    """The user's name for ``module`` in ``frame``: a local (``model``) or a submodule of one (``self.fc``)."""
    if frame is None:
        return None
    import torch

    try:
        local_vars = dict(frame.f_locals)
    except Exception:
        return None
    for name, value in local_vars.items():
        if value is module:
            return name
    searched = 0
    for name, value in local_vars.items():
        if not isinstance(value, torch.nn.Module):
            continue
        searched += 1
        if searched > limit:
            break
        for path, child in value.named_modules():
            if child is module and path:
                return f"{name}.{path}"
    return None


def _shape(t: Any) -> str:
    return f"tensor[{', '.join(str(s) for s in t.shape)}]"


def tensors_in(args: Sequence[Any], kwargs: dict[str, Any] | None = None) -> list[tuple[str, Any]]:
    """``(label, tensor)`` for each tensor argument, list items included (``cat``'s tensors)."""
    import torch

    found: list[tuple[str, Any]] = []
    for index, arg in enumerate(args):
        if isinstance(arg, torch.Tensor):
            found.append((f"argument {index + 1}", arg))
        elif type(arg) in (list, tuple):
            found.extend((f"argument {index + 1}[{j}]", item) for j, item in enumerate(arg)
                         if isinstance(item, torch.Tensor))
    for key, value in (kwargs or {}).items():
        if isinstance(value, torch.Tensor):
            found.append((f"`{key}=`", value))
    return found



def assignment_line(frame: FrameType, name: str) -> int | None:
    """The line of ``frame``'s code that last stored ``name`` above the current line: where a local
    got its value, read from the bytecode. None when nothing above stores it (an argument)."""
    import dis

    stores = ("STORE_FAST", "STORE_NAME", "STORE_GLOBAL", "STORE_DEREF")
    lines = []
    line = None
    try:
        for instruction in dis.get_instructions(frame.f_code):
            if type(instruction.starts_line) is int:  # Python 3.10-3.12; 3.13 has a bool here
                line = instruction.starts_line
            positions = getattr(instruction, "positions", None)
            at = positions.lineno if positions is not None and positions.lineno else line
            if instruction.opname in stores and instruction.argval == name and at:
                lines.append(at)
    except Exception:
        return None
    # the failing line's own store has not run yet: `x = x.view(...)` raised before storing x
    before = [at for at in lines if at < frame.f_lineno]
    return max(before) if before else None


def sizes_in(message: str) -> set[int]:
    """Every integer a shape error's message mentions (sizes, element counts, channels)."""
    return {int(text) for text in re.findall(r"(?:(?<=\dx)|(?<![\w.]))\d+", message)}


# messages that name one dimension of each operand (a batch size, a broadcast dimension)
_ONE_DIMENSION_CODES = ("TL403", "TL404", "TL407")


def matches_sizes(tensor: Any, sizes: set[int], code: str = "") -> bool:
    """Whether ``tensor`` could be an operand the message of a ``code`` error speaks of: its
    element count or every one of its dimensions appears in the message (for cat, broadcasting
    and loss batches, which name one dimension per operand: any dimension above 1 does)."""
    shape = list(tensor.shape)
    if not shape:
        return False
    if tensor.numel() in sizes or all(size in sizes for size in shape):
        return True
    return code in _ONE_DIMENSION_CODES and any(size > 1 and size in sizes for size in shape)

"""One dense line per tensor, in the spirit of lovely-tensors.

``summary(t) == tensor_header(t) + tensor_stats(t) + size``:

- ``tensor_header`` reads only metadata (shape, dtype, device, autograd
  flags) and is O(1), so debuggers can show it for every variable;
- ``tensor_stats`` reads values (sampled above ``stats.SAMPLE_CAP``);
- none of them changes the tensor or raises.

Example: ``tensor[64, 10] f32 cpu grad_fn=AddmmBackward0 μ=0.012 σ=0.98 [-3.1, 2.9] 2.5 KiB``.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from tensorlens.runtime.stats import TensorStats, compute_stats, no_data_reason
from tensorlens.runtime.text import format_bytes, format_count, format_number, safe_repr


def is_tensor(obj: Any) -> bool:
    """True for torch tensors (and subclasses such as nn.Parameter).

    Never imports torch: if the program has not imported it, nothing in it
    can be a tensor. Decided by ``type(obj)``: ``isinstance`` may read
    ``obj.__class__``, which a hostile object can make raise.
    """
    torch = sys.modules.get("torch")
    return torch is not None and issubclass(type(obj), torch.Tensor)


def is_module(obj: Any) -> bool:
    """True for ``torch.nn.Module`` instances, without importing torch."""
    nn = sys.modules.get("torch.nn")
    return nn is not None and issubclass(type(obj), nn.Module)


def summary(obj: Any) -> str:
    """One line describing ``obj``: a tensor, an ``nn.Module`` or anything else.

    For a tensor: header, statistics and size, e.g.
    ``tensor[64, 10] f32 cpu grad_fn=AddmmBackward0 μ=0.012 σ=0.98 [-3.1, 2.9] 2.5 KiB``.
    Never raises and never changes the tensor.
    """
    try:
        if is_tensor(obj):
            import torch

            with torch._C.DisableTorchFunctionSubclass():
                parts = [tensor_header(obj), tensor_stats(obj), format_bytes(tensor_nbytes(obj))]
            return " ".join(p for p in parts if p)
        if is_module(obj):
            from tensorlens.runtime.module_summary import module_summary

            return module_summary(obj)
        return safe_repr(obj)
    except Exception as exc:  # a summary is a debugging aid: it must not become the bug
        return f"<{type(obj).__name__}: summary failed: {_reason(exc)}>"


def tensor_header(t: Any) -> str:
    """Metadata only, O(1): kind and shape, dtype, device, autograd state.

    e.g. ``tensor[2000, 5000] f32 cpu``, ``parameter[10] f32 cpu requires_grad leaf``,
    ``tensor[64, 10] f32 cuda:0 grad_fn=AddmmBackward0``. Never reads values.
    """
    try:
        import torch

        # A subclass's __torch_function__ (logging, wrappers) must not run
        # for every attribute a debugger reads.
        with torch._C.DisableTorchFunctionSubclass():
            words = [f"{_kind_word(t)}[{_shape_text(t)}]", short_dtype(t.dtype), str(t.device)]
            words.extend(_layout_words(t))
            words.extend(_autograd_words(t))
            if shares_numpy_memory(t):
                words.append("shares numpy memory")
        return " ".join(words)
    except Exception as exc:
        return f"<tensor: header failed: {_reason(exc)}>"


def tensor_stats(t: Any) -> str:
    """Value statistics, e.g. ``μ=0.012 σ=0.98 [-3.1, 2.9]`` or ``nan=3 ...``.

    This is the part that reads data; above ``SAMPLE_CAP`` elements it reads a
    sample and says so. ``(no data: meta)`` for meta tensors, and
    ``(no stats: <reason>)`` when statistics cannot be computed.
    """
    try:
        stats = compute_stats(t)
    except Exception as exc:
        return f"(no stats: {_reason(exc)})"
    if stats is None:
        return f"(no data: {no_data_reason(t)})"
    return format_stats(stats)


def format_stats(stats: TensorStats) -> str:
    """The text form of a ``TensorStats``."""
    words: list[str] = []
    if stats.source:
        words.append(f"{stats.source}:")
    if stats.covered == 0:
        words.append("empty")
    elif stats.values is not None:
        words.append(_values_text(stats.values))
    elif stats.kind == "bool":
        words.append(f"true={format_count(stats.true_count or 0)}/{format_count(stats.covered)}")
    else:
        words.extend(_moment_words(stats))
    if stats.sampled:
        words.append(f"(sampled {format_count(stats.covered)} of {format_count(stats.total)})")
    return " ".join(words)


def _moment_words(stats: TensorStats) -> list[str]:
    words = []
    prefix = "|z| " if stats.kind == "complex" else ""
    if stats.mean is None:
        words.append("no finite values")
    else:
        words.append(f"{prefix}μ={format_number(stats.mean)}")
        if stats.covered > 1 and stats.std is not None:
            words.append(f"σ={format_number(stats.std)}")
        words.append(f"[{format_number(stats.minimum)}, {format_number(stats.maximum)}]")
    for label, count in (("nan", stats.nan), ("+inf", stats.pos_inf), ("-inf", stats.neg_inf)):
        if count:
            words.append(f"{label}={format_count(count)}!")
    return words


def _values_text(values: Any) -> str:
    if not isinstance(values, list):  # 0-dim
        return f"={format_number(values)}"
    return "[" + ", ".join(format_number(v) for v in values) + "]"


_DTYPE_PATTERNS = [
    (re.compile(r"^float8_(.*)$"), r"f8\1"),
    (re.compile(r"^float(\d+)$"), r"f\1"),
    (re.compile(r"^bfloat16$"), "bf16"),
    (re.compile(r"^complex(\d+)$"), r"c\1"),
    (re.compile(r"^uint(\d+)$"), r"u\1"),
    (re.compile(r"^int(\d+)$"), r"i\1"),
]


def short_dtype(dtype: Any) -> str:
    """``torch.float32`` -> ``f32``, ``torch.bfloat16`` -> ``bf16``; others keep their name."""
    short = _SHORT_DTYPES.get(dtype)
    if short is None:
        name = str(dtype).removeprefix("torch.")
        short = next((p.sub(r, name) for p, r in _DTYPE_PATTERNS if p.match(name)), name)
        _SHORT_DTYPES[dtype] = short
    return short


_SHORT_DTYPES: dict[Any, str] = {}


def tensor_nbytes(t: Any) -> int:
    """Bytes of the tensor's own elements (a view counts its extent, not its base's)."""
    import torch

    if t.is_nested:
        return int(t.values().numel() * t.element_size())
    if t.layout == torch.sparse_coo:
        return _nbytes(t._values()) + _nbytes(t._indices())
    if t.layout in (torch.sparse_csr, torch.sparse_bsr):
        return _nbytes(t.values()) + _nbytes(t.crow_indices()) + _nbytes(t.col_indices())
    if t.layout in (torch.sparse_csc, torch.sparse_bsc):
        return _nbytes(t.values()) + _nbytes(t.ccol_indices()) + _nbytes(t.row_indices())
    return _nbytes(t)


def shares_numpy_memory(t: Any) -> bool:
    """True when ``t``'s storage is memory torch did not allocate (``torch.from_numpy``).

    torch allocates resizable storage for everything it owns; from_numpy wraps
    the array's buffer in a fixed-size one. Shared-memory storages (DataLoader
    worker batches) are fixed-size too and are told apart by ``is_shared()``;
    ``torch.frombuffer``, DLPack imports and ``torch.load(mmap=True)`` cannot
    be (torch exposes nothing that differs), so they are reported as well:
    they too alias memory that torch does not own.
    """
    import torch

    try:
        if t.device.type != "cpu" or t.is_nested or t.layout != torch.strided or t.is_quantized:
            return False
        storage = t.untyped_storage()
        return storage.nbytes() > 0 and not storage.resizable() and not storage.is_shared()
    except Exception:
        return False


def _nbytes(t: Any) -> int:
    return int(t.numel() * t.element_size())


def _kind_word(t: Any) -> str:
    import torch

    if t.is_nested:
        return "nested"
    if t.layout != torch.strided:
        return str(t.layout).removeprefix("torch.")  # sparse_coo, sparse_csr, ...
    if t.is_quantized:
        return "qtensor"
    kind = type(t)
    if kind is torch.Tensor:
        return "tensor"
    if kind is torch.nn.Parameter:
        return "parameter"
    # Subclasses say what they are: FakeTensor, FunctionalTensor, DTensor, a user's own.
    return kind.__name__


def _shape_text(t: Any) -> str:
    if t.is_nested:
        # Strided nested tensors have no .shape; an irregular dim is shown as *.
        return ", ".join(_nested_dim(t, d) for d in range(t.dim()))
    return ", ".join(str(s) for s in t.shape)


def _nested_dim(t: Any, dim: int) -> str:
    try:
        return str(t.size(dim))
    except RuntimeError:
        return "*"


def _layout_words(t: Any) -> list[str]:
    import torch

    words = []
    if t.layout != torch.strided and not t.is_nested:
        words.append(f"nnz={format_count(t._nnz())}")
    if t.is_quantized:
        words.extend(_quantizer_words(t))
    return words


def _quantizer_words(t: Any) -> list[str]:
    import torch

    scheme = t.qscheme()
    if scheme in (torch.per_tensor_affine, torch.per_tensor_symmetric):
        return [f"scale={format_number(t.q_scale())}", f"zero_point={t.q_zero_point()}"]
    return [f"per_channel(axis={t.q_per_channel_axis()})"]


def _autograd_words(t: Any) -> list[str]:
    words = []
    grad_fn = t.grad_fn
    if grad_fn is not None:
        words.append(f"grad_fn={type(grad_fn).__name__}")
    elif t.requires_grad:
        words.append("requires_grad leaf")
        # .grad is read on leaves only: on a non-leaf torch warns.
        if t.grad is not None:
            words.append("grad set")
    if t.is_inference():
        words.append("inference")
    return words


def _reason(exc: BaseException) -> str:
    first_line = (str(exc).strip().splitlines() or [""])[0]
    if len(first_line) > 100:
        first_line = first_line[:97] + "..."
    return f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__

"""Value statistics of one tensor: the expensive half of a summary.

Everything here runs on the tensor's own device under ``no_grad`` and reads
the results back with a single ``tolist()``, so a CUDA tensor costs one
synchronisation, not one per statistic. Above ``SAMPLE_CAP`` elements the
statistics cover a bounded sample, which keeps a 10^8-element tensor under a
few milliseconds (lovely-tensors reads all of it on every repr).

The caller (``tensorlens.runtime.summary``) turns failures into text; this
module may raise.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

SAMPLE_CAP = 1_000_000
# Tensors this small are shown by value: five numbers of statistics about
# three numbers say less than the numbers.
VALUES_CAP = 8
# Sampling reads contiguous blocks rather than scattered elements: a scattered
# gather of 10^6 elements from a 400 MB tensor costs ~15 ms of cache misses
# plus ~40 ms to build the index, a thousand 1024-element blocks under 1 ms.
_BLOCK = 1024
_SAMPLE_SEED = 0x7E5
# var_mean is one dispatch (what a frame of many small tensors pays for) but
# its Welford kernel is several times slower per element than mean + squared
# deviations, which win above about a thousand elements (measured on CPU).
_FUSED_VAR_CAP = 1024


@dataclass(frozen=True)
class TensorStats:
    """What ``compute_stats`` learned about a tensor's values."""

    kind: str  # "float", "int", "bool" or "complex" (statistics of |z|)
    covered: int  # elements the statistics were computed on
    total: int  # elements that could have been read (nnz for sparse)
    minimum: float | int | None = None
    maximum: float | int | None = None
    mean: float | None = None
    std: float | None = None
    nan: int = 0
    pos_inf: int = 0
    neg_inf: int = 0
    true_count: int | None = None
    values: Any = None  # a list (a number for 0-dim) set instead of the statistics for tiny tensors
    source: str = ""  # which values were read: "nnz values", "dequantized", ...

    @property
    def sampled(self) -> bool:
        return self.covered < self.total


def no_data_reason(t: Any) -> str | None:
    """``"meta"`` or ``"fake"`` for a tensor that has shape and dtype but no values, else None.

    A ``FakeTensor`` (torch.compile's tracing, ``FakeTensorMode``) reports a
    real device (``cpu``) while its storage is meta: reading it raises
    ``DataDependentOutputException``.
    """
    if t.is_meta or t.device.type == "meta":
        return "meta"
    fake = sys.modules.get("torch._subclasses.fake_tensor")
    if fake is not None and isinstance(t, fake.FakeTensor):
        return "fake"
    return None


def compute_stats(t: Any, *, single_pass: bool | None = None) -> TensorStats | None:
    """Statistics of ``t``'s values, or None for a tensor without data (meta, fake).

    ``single_pass`` forces the path that computes NaN/Inf counts together with
    the statistics (one read-back even when values are bad); by default it is
    used off the CPU, where every read-back is a device synchronisation, while
    the CPU takes a cheaper path and only recounts when a value is not finite.
    """
    import torch

    if no_data_reason(t) is not None:
        return None
    with torch.no_grad(), torch._C.DisableTorchFunctionSubclass(), _one_cpu_thread(t):
        values, source = _readable_values(t.detach())
        total = values.numel()
        if single_pass is None:
            single_pass = values.device.type != "cpu"
        values, covered = _sample(values)
        return _stats_of(values, total, covered, source, single_pass)


@contextmanager
def _one_cpu_thread(t: Any) -> Iterator[None]:
    """Run CPU statistics on the calling thread only.

    After sampling there are at most ~10^6 elements: a second thread saves
    under a millisecond, but on a busy machine every parallel region can wait
    a whole scheduler slice for its worker (measured: a 10^8-element summary
    with 2 threads, 1.5 ms idle but 30-90 ms median under load; with 1 thread
    2.5 ms and ~10 ms). With OpenMP the setting is per calling thread, and it
    is restored at once.
    """
    import torch

    # Below torch's grain size (32768 elements) kernels never go parallel.
    if t.device.type != "cpu" or t.is_nested or t.numel() <= 32768:
        yield
        return
    threads = torch.get_num_threads()
    if threads == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _readable_values(t: Any) -> tuple[Any, str]:
    """The strided tensor of values to describe, and a word on where they came from."""
    import torch

    if t.is_nested:
        # Both nested layouts keep their components in one flat buffer.
        return t.values(), "values"
    if t.layout == torch.sparse_coo:
        # _values() works on uncoalesced tensors too; coalescing would copy.
        return t._values(), "nnz values"
    if t.layout != torch.strided:
        return t.values(), "nnz values"  # CSR, CSC, BSR, BSC
    if t.is_quantized:
        if t.qscheme() in (torch.per_tensor_affine, torch.per_tensor_symmetric) and t.numel() > SAMPLE_CAP:
            step = t.numel() // SAMPLE_CAP
            return t.reshape(-1)[::step].dequantize(), "dequantized"
        return t.dequantize(), "dequantized"
    return t, ""


def _sample(t: Any) -> tuple[Any, int]:
    """At most about ``SAMPLE_CAP`` of ``t``'s elements, and how many were taken."""
    n = t.numel()
    if n <= SAMPLE_CAP:
        return t, n
    dense = _as_dense_permutation(t)
    if dense is not None:
        return _block_sample(dense.view(-1))
    if t.dim() == 1:  # x[::2]: blocks of a strided row are views as well
        return _block_sample(t)
    sub = _grid_sample(t)
    return sub, sub.numel()


def _as_dense_permutation(t: Any) -> Any | None:
    """``t`` with dims reordered so it is contiguous, if that is possible.

    Statistics do not depend on element order, so a transposed or permuted
    tensor can be sampled as the dense block of memory it really is.
    """
    if t.is_contiguous():
        return t
    order = sorted(range(t.dim()), key=lambda d: t.stride(d), reverse=True)
    permuted = t.permute(order)
    return permuted if permuted.is_contiguous() else None


def _block_sample(flat: Any) -> tuple[Any, int]:
    import torch

    n = flat.numel()
    blocks = SAMPLE_CAP // _BLOCK
    stride = n // blocks
    # A fixed seed and a private generator: the same tensor always gets the
    # same summary, and the user's global RNG stream is left untouched.
    gen = torch.Generator().manual_seed(_SAMPLE_SEED)
    jitter = torch.randint(stride - _BLOCK + 1, (blocks,), generator=gen)
    starts = (torch.arange(blocks) * stride + jitter).to(flat.device)
    rows = flat.unfold(0, _BLOCK, 1)  # a view: row i is flat[i:i+_BLOCK]
    return rows[starts], blocks * _BLOCK


def _grid_sample(t: Any) -> Any:
    """Evenly spread slices along leading dims until at most SAMPLE_CAP remain.

    Used for views with gaps (``x[:, ::2]``, expanded tensors) that cannot be
    read as one block; each slice keeps the tensor's own inner layout.
    """
    import torch

    sub = t
    for dim in range(t.dim()):
        n = sub.numel()
        if n <= SAMPLE_CAP:
            break
        size = sub.size(dim)
        keep = max(1, size * SAMPLE_CAP // n)
        if keep < size:
            # Integer arithmetic: float32 linspace rounds past the last index above 2^24.
            index = torch.arange(keep, dtype=torch.int64) * (size - 1) // max(keep - 1, 1)
            sub = sub.index_select(dim, index.to(t.device))
    return sub


def _stats_of(v: Any, total: int, covered: int, source: str, single_pass: bool) -> TensorStats:
    import torch

    if covered == 0:
        return TensorStats(kind=_kind(v), covered=0, total=total, source=source)
    if covered <= VALUES_CAP and covered == total:
        shown = v.item() if v.dim() == 0 else v.reshape(-1).tolist()
        return TensorStats(kind=_kind(v), covered=covered, total=total, values=shown, source=source)
    v = v.reshape(-1)
    kind = _kind(v)
    if kind == "bool":
        true_count = int(v.sum().item())
        return TensorStats(kind="bool", covered=covered, total=total, true_count=true_count, source=source)
    if kind == "complex":
        v = v.abs()
    elif kind == "int":
        return _int_stats(v, total, covered, source)
    if v.dtype not in (torch.float32, torch.float64):
        v = v.float()  # f16/bf16/f8: reductions in a wider type, on a copy of <= SAMPLE_CAP
    if not single_pass:
        mn, mx = torch.aminmax(v)
        if covered <= _FUSED_VAR_CAP:
            var, mean = torch.var_mean(v, correction=1 if covered > 1 else 0)
        else:
            mean = v.mean()
            var = (v - mean).square().sum() / max(covered - 1, 1)
        low, high, mu, var_ = torch.stack([mn, mx, mean, var]).tolist()
        # Any NaN or Inf in v makes at least one of these non-finite, so a
        # finite result proves there is nothing to count.
        if all(math.isfinite(x) for x in (low, high, mu, var_)):
            return TensorStats(kind, covered, total, low, high, mu, math.sqrt(var_), source=source)
    return _masked_float_stats(v, kind, total, covered, source)


def _masked_float_stats(v: Any, kind: str, total: int, covered: int, source: str) -> TensorStats:
    """Statistics of the finite values plus NaN/Inf counts, read back at once."""
    import torch

    inf = float("inf")
    finite = torch.isfinite(v)
    count = finite.sum()
    mean = torch.where(finite, v, 0).sum() / count.clamp(min=1)
    var = torch.where(finite, v - mean, 0).square().sum() / (count - 1).clamp(min=1)
    parts = [
        torch.where(finite, v, inf).amin(),
        torch.where(finite, v, -inf).amax(),
        mean,
        var,
        count,
        torch.isnan(v).sum(),
        (v == inf).sum(),
        (v == -inf).sum(),
    ]
    low, high, mu, var_, n_finite, nan, pos_inf, neg_inf = torch.stack([p.double() for p in parts]).tolist()
    if n_finite == 0:
        low = high = mu = var_ = None
    return TensorStats(
        kind,
        covered,
        total,
        low,
        high,
        mu,
        None if var_ is None else math.sqrt(var_),
        nan=int(nan),
        pos_inf=int(pos_inf),
        neg_inf=int(neg_inf),
        source=source,
    )


def _int_stats(v: Any, total: int, covered: int, source: str) -> TensorStats:
    import torch

    wide = v.double()
    mean = wide.mean()
    var = (wide - mean).square().sum() / max(covered - 1, 1)
    mu, var_ = torch.stack([mean, var]).tolist()
    try:
        # Extremes in the tensor's own dtype: a float64 round trip changes integers above 2^53.
        low, high = (int(x) for x in torch.stack(list(torch.aminmax(v))).tolist())
    except RuntimeError:  # dtypes without aminmax (uint64 on some builds)
        low, high = (int(x) for x in torch.stack([wide.amin(), wide.amax()]).tolist())
    return TensorStats("int", covered, total, low, high, mu, math.sqrt(var_), source=source)


def _kind(v: Any) -> str:
    import torch

    if v.dtype == torch.bool:
        return "bool"
    if v.is_complex():
        return "complex"
    if v.is_floating_point():
        return "float"
    return "int"

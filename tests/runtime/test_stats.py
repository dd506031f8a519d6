"""compute_stats: both read-back strategies agree; sampling covers every layout."""

from __future__ import annotations

import math

import pytest
import torch

from tensorlens.runtime.stats import SAMPLE_CAP, compute_stats


@pytest.mark.parametrize(
    "values",
    [
        torch.linspace(-3, 5, 1000),
        torch.tensor([1.0, float("nan"), 2.0, float("inf"), -float("inf"), 4.0] * 10),
        torch.arange(40, dtype=torch.float64),
        torch.randn(50).half(),
    ],
)
def test_single_pass_and_cpu_path_agree(values: torch.Tensor) -> None:
    cpu_path = compute_stats(values, single_pass=False)
    one_pass = compute_stats(values, single_pass=True)
    assert cpu_path is not None and one_pass is not None
    for field in ("minimum", "maximum", "mean", "std"):
        assert math.isclose(getattr(cpu_path, field), getattr(one_pass, field), rel_tol=1e-5, abs_tol=1e-6)
    assert (cpu_path.nan, cpu_path.pos_inf, cpu_path.neg_inf) == (one_pass.nan, one_pass.pos_inf, one_pass.neg_inf)


def test_nan_and_inf_are_counted_and_excluded_from_moments() -> None:
    stats = compute_stats(torch.tensor([1.0, float("nan"), 3.0, float("inf"), -float("inf"), float("nan"),
                                        5.0, 7.0, 9.0]))
    assert stats is not None
    assert (stats.nan, stats.pos_inf, stats.neg_inf) == (2, 1, 1)
    assert (stats.minimum, stats.maximum, stats.mean) == (1.0, 9.0, 5.0)


def test_contiguous_large_tensor_is_block_sampled() -> None:
    t = torch.arange(3 * SAMPLE_CAP, dtype=torch.float32)
    stats = compute_stats(t)
    assert stats is not None and stats.sampled
    assert stats.covered <= SAMPLE_CAP and stats.total == t.numel()
    # Stratified blocks span the whole range, so the mean lands near the middle.
    assert abs(stats.mean - t.numel() / 2) < t.numel() * 0.01


def test_transposed_large_tensor_is_sampled_as_its_dense_block() -> None:
    t = torch.ones(2000, 1000)
    t[:, 500:] = 3.0
    stats = compute_stats(t.t())
    assert stats is not None and stats.sampled
    assert (stats.minimum, stats.maximum) == (1.0, 3.0)
    assert abs(stats.mean - 2.0) < 0.05


def test_strided_view_with_gaps_is_grid_sampled_without_copying_it_all() -> None:
    base = torch.zeros(4000, 1000)
    base[:, ::2] = 1.0
    view = base[:, ::2]  # every other column: not one dense block
    stats = compute_stats(view)
    assert stats is not None and stats.sampled
    assert (stats.minimum, stats.maximum, stats.mean) == (1.0, 1.0, 1.0)


def test_meta_has_no_stats() -> None:
    assert compute_stats(torch.empty(3, device="meta")) is None


def test_integer_and_bool_stats() -> None:
    ints = compute_stats(torch.arange(10))
    assert ints is not None and (ints.kind, ints.minimum, ints.maximum, ints.mean) == ("int", 0, 9, 4.5)
    bools = compute_stats(torch.arange(30) < 10)
    assert bools is not None and bools.true_count == 10


def test_thread_count_is_restored() -> None:
    threads = torch.get_num_threads()
    compute_stats(torch.randn(2 * SAMPLE_CAP))
    assert torch.get_num_threads() == threads

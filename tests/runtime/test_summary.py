"""summary / tensor_header / tensor_stats on every kind of tensor, leaving each untouched."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tensorlens
from tensorlens.runtime.stats import compute_stats
from tensorlens.runtime.summary import short_dtype, tensor_header, tensor_stats

# Beta/prototype/deprecated tensor kinds are exactly what these tests exercise.
pytestmark = [
    pytest.mark.filterwarnings("ignore:.*nested tensors is in prototype:UserWarning"),
    pytest.mark.filterwarnings("ignore:.*quantize_per_.*deprecated:UserWarning"),
    pytest.mark.filterwarnings("ignore:Sparse CSR tensor support is in beta:UserWarning"),
]


def _state(t: torch.Tensor) -> tuple:
    grad = None if not t.is_leaf else t.grad
    version = None if t.is_inference() else t._version  # inference tensors have no counter
    return (version, t.requires_grad, t.is_leaf, grad is None, None if grad is None else grad.clone())


def _exotic() -> dict[str, tuple[torch.Tensor, list[str]]]:
    """name -> (tensor, fragments its summary must contain)."""
    leaf = torch.randn(64, 10, requires_grad=True)
    weight = torch.nn.Parameter(torch.randn(10, 10))
    with_grad = torch.randn(3, 3, requires_grad=True)
    with_grad.sum().backward()
    return {
        "0-dim": (torch.tensor(3.25), ["tensor[] f32 cpu", "=3.25", "4 B"]),
        "empty": (torch.empty(0, 3), ["tensor[0, 3]", "empty", "0 B"]),
        "bool": (torch.arange(20) % 3 == 0, ["tensor[20] bool", "true=7/20"]),
        "int": (torch.arange(100).reshape(10, 10), ["i64", "μ=49.5", "[0, 99]", "800 B"]),
        "uint8": (torch.arange(50, dtype=torch.uint8), ["u8", "[0, 49]"]),
        "complex": (torch.full((4, 4), 3 + 4j, dtype=torch.complex64), ["c64", "|z| μ=5.0"]),
        "half": (torch.linspace(-1, 1, 101).half(), ["f16", "[-1.0, 1.0]"]),
        "bfloat16": (torch.linspace(-2, 2, 101).bfloat16(), ["bf16", "[-2.0, 2.0]"]),
        "float8": (torch.linspace(-1, 1, 50).to(torch.float8_e4m3fn), ["f8e4m3fn"]),
        "non-contiguous": (torch.arange(200.0).reshape(10, 20).t(), ["tensor[20, 10]", "[0.0, 199.0]"]),
        "sliced": (torch.arange(100.0)[::10], ["tensor[10]", "[0.0, 90.0]"]),
        "sparse_coo": (torch.eye(10).to_sparse(), ["sparse_coo[10, 10]", "nnz=10", "nnz values:", "[1.0, 1.0]"]),
        "sparse_csr": (torch.eye(10).to_sparse_csr(), ["sparse_csr[10, 10]", "nnz=10"]),
        "quantized": (torch.quantize_per_tensor(torch.linspace(0, 2, 20), 0.1, 0, torch.quint8),
                      ["qtensor[20] quint8", "scale=0.1", "dequantized:", "[0.0, 2.0]"]),
        "quantized per channel": (
            torch.quantize_per_channel(torch.randn(4, 5), torch.full((4,), 0.1, dtype=torch.float64),
                                       torch.zeros(4, dtype=torch.long), 0, torch.qint8),
            ["qtensor[4, 5] qint8", "per_channel(axis=0)", "dequantized:"],
        ),
        "nested strided": (torch.nested.nested_tensor([torch.ones(2, 3), torch.zeros(4, 3)]),
                           ["nested[2, *, 3]", "values:", "[0.0, 1.0]"]),
        "nested jagged": (torch.nested.nested_tensor([torch.ones(2, 3), torch.zeros(4, 3)], layout=torch.jagged),
                          ["nested[2, j", "values:"]),
        "meta": (torch.empty(1000, 1000, device="meta"),
                 ["tensor[1000, 1000] f32 meta", "(no data: meta)", "3.81 MiB"]),
        "parameter": (weight, ["parameter[10, 10] f32 cpu requires_grad leaf"]),
        "leaf": (leaf, ["requires_grad leaf", "2.5 KiB"]),
        "non-leaf": (leaf * 2, ["grad_fn=MulBackward0"]),
        "grad set": (with_grad, ["requires_grad leaf grad set"]),
        "from_numpy": (torch.from_numpy(np.arange(12.0).reshape(3, 4)), ["f64", "shares numpy memory"]),
        "nan and inf": (torch.tensor([1.0, float("nan"), float("inf"), -float("inf"), 3.0] * 4),
                        ["nan=4!", "+inf=4!", "-inf=4!", "[1.0, 3.0]"]),
        "all nan": (torch.full((20,), float("nan")), ["no finite values", "nan=20!"]),
        "expanded": (torch.arange(3.0).expand(2_000_000, 3), ["tensor[2000000, 3]", "sampled"]),
        "inference": (_inference_tensor(), ["inference"]),
    }


def _inference_tensor() -> torch.Tensor:
    with torch.inference_mode():
        return torch.ones(5)


KINDS = [
    "0-dim", "empty", "bool", "int", "uint8", "complex", "half", "bfloat16", "float8", "non-contiguous",
    "sliced", "sparse_coo", "sparse_csr", "quantized", "quantized per channel", "nested strided",
    "nested jagged", "meta", "parameter", "leaf", "non-leaf", "grad set", "from_numpy", "nan and inf",
    "all nan", "expanded", "inference",
]


def test_every_kind_is_covered() -> None:
    assert sorted(_exotic()) == sorted(KINDS)


@pytest.mark.parametrize("name", KINDS)
def test_summary_of_every_kind_is_right_and_leaves_the_tensor_alone(name: str) -> None:
    t, fragments = _exotic()[name]
    before = _state(t)
    text = tensorlens.summary(t)
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} missing from {text!r}"
    after = _state(t)
    assert after[:4] == before[:4]
    if before[4] is not None:
        assert torch.equal(after[4], before[4])
    assert "\n" not in text


def test_summary_is_header_then_stats_then_size() -> None:
    t = torch.randn(64, 10)
    assert tensorlens.summary(t).startswith(tensor_header(t) + " " + tensor_stats(t) + " ")
    assert tensorlens.summary(t).endswith("2.5 KiB")


def test_header_is_metadata_only() -> None:
    # A meta tensor has no data at all, so a header that read any would fail.
    t = torch.empty(2000, 5000, device="meta")
    assert tensor_header(t) == "tensor[2000, 5000] f32 meta"
    assert tensor_header(torch.zeros(2000, 5000)) == "tensor[2000, 5000] f32 cpu"


def test_header_of_grad_fn_tensor() -> None:
    x = torch.randn(64, 5, requires_grad=True)
    y = torch.nn.functional.linear(x, torch.randn(10, 5), torch.randn(10))
    assert tensor_header(y) == "tensor[64, 10] f32 cpu grad_fn=AddmmBackward0"


def test_summary_of_large_tensor_samples_and_says_so() -> None:
    t = torch.randn(2000, 1000)
    text = tensorlens.summary(t)
    assert "(sampled 999K of 2M)" in text
    assert "σ=1.0" in text or "σ=0.99" in text or "σ=1.01" in text


def test_statistics_match_torch_on_small_tensors() -> None:
    t = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    assert tensor_stats(t) == "μ=5.0 σ=2.74 [1.0, 9.0]"


def test_small_tensors_are_shown_by_value() -> None:
    assert tensor_stats(torch.tensor([1.5, -2.0])) == "[1.5, -2.0]"
    assert tensor_stats(torch.tensor([True, False])) == "[True, False]"


def test_summary_does_not_touch_the_global_rng() -> None:
    big = torch.randn(3000, 1000)
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    assert "sampled" in tensorlens.summary(big)
    assert torch.equal(torch.rand(3), expected)


def test_sampled_summary_is_stable() -> None:
    t = torch.randn(3000, 1000)
    assert tensorlens.summary(t) == tensorlens.summary(t)


class RaisingTensor(torch.Tensor):
    """A real tensor subclass whose every operation fails, as broken third-party subclasses do."""

    @staticmethod
    def __new__(cls, shape):
        return torch.Tensor._make_wrapper_subclass(cls, shape, dtype=torch.float32)

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
        raise NotImplementedError(f"{func} is not supported by RaisingTensor")


def test_failing_statistics_say_why() -> None:
    t = RaisingTensor((3, 4))
    text = tensorlens.summary(t)
    assert text.startswith("RaisingTensor[3, 4] f32 cpu (no stats: NotImplementedError:")


def test_strided_views_of_any_size_get_statistics() -> None:
    # float32 index arithmetic once rounded past the end above 2^24 elements (IndexError).
    base = torch.arange(40_000_000, dtype=torch.float32)
    every_other = base[::2]
    assert tensorlens.summary(every_other).startswith("tensor[20000000] f32 cpu μ=")
    stats = compute_stats(every_other)
    assert stats is not None and stats.maximum <= 39_999_998 and stats.minimum >= 0
    wide = base.reshape(2, 20_000_000)[:, ::2]
    text = tensorlens.summary(wide)
    assert "no stats" not in text and "(sampled" in text


def test_subclasses_and_fake_tensors_are_named() -> None:
    from torch._subclasses.fake_tensor import FakeTensorMode

    class Scaled(torch.Tensor):
        pass

    with FakeTensorMode():
        fake = torch.randn(3, 4)
    assert tensorlens.summary(fake) == "FakeTensor[3, 4] f32 cpu (no data: fake) 48 B"
    scaled = torch.Tensor._make_subclass(Scaled, torch.ones(2))
    assert tensorlens.summary(scaled) == "Scaled[2] f32 cpu [1.0, 1.0] 8 B"


def test_integers_are_exact_however_large() -> None:
    near = 2**53 + 1  # not a float64
    assert tensorlens.summary(torch.tensor(near)) == f"tensor[] i64 cpu ={near} 8 B"
    ids = torch.tensor([near, 5, 7, 11, 13, 17, 19, 23, 29])
    assert f"[5, {near}]" in tensor_stats(ids)
    assert tensor_stats(torch.tensor([-(2**63), 2**63 - 1] * 5)).endswith(f"[{-(2**63)}, {2**63 - 1}]")


def test_non_tensors_never_raise() -> None:
    class BrokenRepr:
        def __repr__(self):
            raise ValueError("nope")

    class NotAString:
        def __repr__(self):
            return 3  # type: ignore[return-value]

    assert tensorlens.summary(BrokenRepr()) == "<BrokenRepr object (repr failed: ValueError)>"
    assert "repr failed" in tensorlens.summary(NotAString())
    assert tensorlens.summary([1, 2]) == "[1, 2]"
    assert tensorlens.summary(None) == "None"
    assert len(tensorlens.summary("x" * 1000)) <= 120


@pytest.mark.parametrize(
    "dtype, short",
    [(torch.float32, "f32"), (torch.bfloat16, "bf16"), (torch.complex128, "c128"), (torch.int8, "i8"),
     (torch.uint16, "u16"), (torch.bool, "bool"), (torch.quint8, "quint8")],
)
def test_short_dtype(dtype: torch.dtype, short: str) -> None:
    assert short_dtype(dtype) == short


def test_dataloader_worker_batches_are_not_mistaken_for_numpy_memory() -> None:
    from torch.utils.data import DataLoader, TensorDataset

    loader = DataLoader(TensorDataset(torch.randn(8, 3)), batch_size=4, num_workers=1)
    (batch,) = next(iter(loader))
    assert batch.is_shared()  # arrived through shared memory from the worker
    assert "shares numpy memory" not in tensorlens.summary(batch)

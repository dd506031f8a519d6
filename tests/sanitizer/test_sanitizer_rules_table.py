"""The pieces the monitor decides with, on real tensors: device conflicts and op classes."""

from __future__ import annotations

import pytest
import torch

from tensorlens.runtime.sanitizer.device_mix import conflict, scan
from tensorlens.runtime.sanitizer.ops import OpKind, classify

T = torch.Tensor


def _raises(op) -> bool:
    try:
        op()
    except (RuntimeError, TypeError):
        return True
    return False


def test_cpu_scalar_tensors_may_join_another_device_as_pytorch_allows():
    on_meta, scalar = torch.ones(3, device="meta"), torch.tensor(2.0)
    assert not _raises(lambda: torch.add(on_meta, scalar))

    first, mixed = scan((on_meta, scalar), {}, T)
    assert first is on_meta and mixed  # the fast scan only notices; conflict() decides
    assert conflict("add", (on_meta, scalar), {}, T) is None


@pytest.mark.parametrize("make", [
    lambda: (torch.ones(3, device="meta"), torch.ones(3)),
    lambda: (torch.ones(3), torch.tensor(1.0, device="meta")),  # a non-CPU scalar is not exempt
])
def test_a_real_mix_is_a_conflict(make):
    a, b = make()
    assert _raises(lambda: torch.add(a, b))

    (label_a, found_a), (label_b, found_b) = conflict("add", (a, b), {}, T)

    assert (found_a, found_b) == (a, b)
    assert (label_a, label_b) == ("argument 1", "argument 2")


def test_keyword_and_list_arguments_are_compared_too():
    logits, weight = torch.ones(2, 3, device="meta"), torch.ones(3)
    assert _raises(lambda: torch.nn.functional.cross_entropy(
        logits, torch.zeros(2, dtype=torch.long, device="meta"), weight=weight))
    assert conflict("cross_entropy", (logits,), {"weight": weight}, T)[1][0] == "`weight=`"
    assert conflict("cat", ([logits, torch.ones(2, 3)],), {}, T)[1][0] == "argument 1[1]"


def test_packed_sequence_batch_sizes_stay_on_the_cpu_by_design():
    data, batch_sizes = torch.ones(4, 2, device="meta"), torch.tensor([2, 2])
    assert conflict("lstm", (data, batch_sizes, (data, data)), {}, T) is None


@pytest.mark.parametrize("func, kind", [
    (torch.Tensor.add_, OpKind.INPLACE),
    (torch.Tensor.__iadd__, OpKind.INPLACE),
    (torch.Tensor.__setitem__, OpKind.INPLACE),
    (torch.Tensor.requires_grad_, OpKind.PASS),
    (torch.nn.init.uniform_, OpKind.PASS),  # runs its own write under no_grad()
    (torch.Tensor.numpy, OpKind.NUMPY_EXPORT),
    (torch.Tensor.__array__, OpKind.NUMPY_EXPORT),
    (torch.Tensor.to, OpKind.MOVER),
    (torch.randn, OpKind.FACTORY),
    (torch.cat, OpKind.GENERIC),
    (torch.nn.functional.linear, OpKind.GENERIC),
    (torch.Tensor.backward, OpKind.BACKWARD),
    (torch.autograd.grad, OpKind.BACKWARD),
])
def test_op_classes(func, kind):
    assert classify(func).kind is kind


def test_foreach_writes_a_list_and_may_span_devices():
    traits = classify(torch._foreach_add_)
    assert traits.kind is OpKind.INPLACE and traits.writes_list and traits.mixes_devices
    assert classify(torch.Tensor.__iadd__).accumulates
    assert classify(torch.Tensor.copy_).mixes_devices

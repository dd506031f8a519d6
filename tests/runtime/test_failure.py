"""explain_failure on errors real torch raises."""

from __future__ import annotations

import pytest
import torch
from torch import nn

import tensorlens
from tensorlens.runtime.failure import explain_failure


def _raised(fn) -> BaseException:
    with pytest.raises(RuntimeError) as info:
        fn()
    return info.value


def test_device_error_names_tensors_per_device() -> None:
    model = nn.Linear(3, 2).to("meta")
    inputs = torch.randn(5, 3)
    exc = _raised(lambda: model(inputs))
    found = tensorlens.frame_tensors({"model": model, "inputs": inputs})
    lines = explain_failure(exc, [("main()", found)])
    assert lines[0] == "device error: the message names cpu, meta"
    assert lines[1] == "  main(): on cpu: inputs; on meta: model.weight, model.bias"


def test_inplace_on_saved_output_names_the_tensor() -> None:
    x = torch.ones(2, 2, requires_grad=True)
    y = x.exp()
    z = y * 2
    y.add_(1)
    exc = _raised(lambda: z.sum().backward())
    lines = explain_failure(exc, [("f()", tensorlens.frame_tensors({"x": x, "y": y, "z": z}))])
    assert lines[0].startswith("in-place error: a tensor saved for backward (output 0 of Exp, shape [2, 2]) "
                               "was modified")
    assert lines[1].startswith("  f(): modified in place: y (tensor[2, 2] f32 cpu grad_fn=AddBackward0, version 1)")


def test_inplace_on_leaf_lists_the_leaves() -> None:
    w = torch.ones(3, requires_grad=True)
    exc = _raised(lambda: w.add_(1))
    lines = explain_failure(exc, [("f()", tensorlens.frame_tensors({"w": w, "c": torch.ones(1)}))])
    assert lines == [
        "in-place error: a leaf that requires grad was written to outside torch.no_grad()",
        "  f(): leaves that require grad: w",
    ]


def test_backward_twice_and_unrelated_errors() -> None:
    x = torch.ones(2, requires_grad=True)
    loss = (x * x).sum()
    loss.backward()
    exc = _raised(loss.backward)
    assert "retain_graph=True" in explain_failure(exc, [])[0]
    assert explain_failure(ValueError("bad shape"), []) == []

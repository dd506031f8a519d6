"""summary(module): size, dtypes, devices, mode; mixtures flagged."""

from __future__ import annotations

import torch
from torch import nn

import tensorlens


def test_plain_module() -> None:
    assert tensorlens.summary(nn.Linear(10, 5)) == "Linear: 55 params (2 tensors, 55 trainable) f32 cpu train"


def test_eval_mode_frozen_and_buffers() -> None:
    model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4)).eval()
    model[0].weight.requires_grad_(False)
    text = tensorlens.summary(model)
    assert text == "Sequential: 28 params (4 tensors, 12 trainable) 3 buffers f32 cpu eval"


def test_mixed_dtypes_and_devices_are_flagged() -> None:
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2).half(), nn.Linear(2, 2).to("meta"))
    text = tensorlens.summary(model)
    assert "dtypes=MIXED{f32: 4, f16: 2}" in text
    assert "devices=MIXED{cpu: 4, meta: 2}" in text


def test_lazy_and_empty_modules() -> None:
    assert "2 uninitialized" in tensorlens.summary(nn.LazyLinear(3))
    assert tensorlens.summary(nn.ReLU()) == "ReLU: no parameters train"


def test_shared_parameters_counted_once() -> None:
    layer = nn.Linear(3, 3)
    tied = nn.Sequential(layer, layer)
    assert tensorlens.summary(tied).startswith("Sequential: 12 params (2 tensors")
    assert torch.is_grad_enabled()

"""The two value tests the runtime checks decide with, on real tensors and real PyTorch errors."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from tensorlens.runtime.sanitizer.activation_loss import looks_like_probabilities
from tensorlens.runtime.shape_error import shape_error_code


def test_softmax_outputs_are_probabilities_in_any_layout_and_precision():
    logits = torch.randn(8, 5, 3)
    assert looks_like_probabilities(F.softmax(logits, dim=1))  # (N, C, d1): classes on dim 1
    assert looks_like_probabilities(F.softmax(torch.randn(5), dim=0))  # unbatched (C,)
    assert looks_like_probabilities(F.softmax(torch.randn(64, 10), dim=1).half())


def test_logits_log_probabilities_one_hot_and_meta_are_not():
    logits = torch.randn(8, 5)
    assert not looks_like_probabilities(logits)
    assert not looks_like_probabilities(F.log_softmax(logits, dim=1))
    assert not looks_like_probabilities(F.one_hot(torch.arange(5), 5).float())
    assert not looks_like_probabilities(F.softmax(logits, dim=0))  # sums to 1 down the batch, not per row
    assert not looks_like_probabilities(torch.full((4, 1), 1.0))  # one class
    assert not looks_like_probabilities(torch.ones(4, 5, device="meta") / 5)


def _error(action) -> Exception:
    try:
        action()
    except Exception as exc:
        return exc
    raise AssertionError("no error")


@pytest.mark.parametrize(("action", "code"), [
    (lambda: nn.Linear(512, 10)(torch.randn(64, 800)), "TL402"),  # the op name makes it TL401 (see below)
    (lambda: torch.randn(3, 4) @ torch.randn(3, 4), "TL402"),
    (lambda: torch.bmm(torch.randn(2, 3, 4), torch.randn(2, 5, 6)), "TL402"),
    (lambda: torch.cat([torch.randn(4, 3), torch.randn(5, 2)], 1), "TL403"),
    (lambda: torch.stack([torch.randn(4, 3), torch.randn(5, 3)]), "TL403"),
    (lambda: torch.randn(2, 3) + torch.randn(2, 4), "TL404"),
    (lambda: torch.randn(10, 100).view(-1, 400), "TL405"),
    (lambda: nn.Conv2d(3, 8, 3)(torch.randn(2, 1, 28, 28)), "TL406"),
    (lambda: F.cross_entropy(torch.randn(4, 10), torch.randint(0, 10, (5,))), "TL407"),
    (lambda: F.binary_cross_entropy_with_logits(torch.randn(4, 1), torch.rand(4)), "TL407"),
    (lambda: nn.LSTM(10, 20)(torch.randn(5, 3, 20)), "TL408"),
    (lambda: nn.Embedding(10, 3)(torch.tensor([11])), None),  # an index error, not a shape error
    (lambda: torch.randn(3).numpy(force=False) + torch.tensor([1.0]).item() + int("x"), None),
])
def test_pytorch_shape_errors_get_the_static_rules_codes(action, code):
    assert shape_error_code(_error(action)) == code


def test_mat1_and_mat2_from_a_linear_op_is_tl401():
    exc = _error(lambda: F.linear(torch.randn(64, 800), torch.randn(10, 512)))
    assert shape_error_code(exc, "F.linear()") == "TL401"
    assert shape_error_code(exc, "@") == "TL402"

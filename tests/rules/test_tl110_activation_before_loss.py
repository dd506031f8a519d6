"""TL110 activation-before-loss: each positive case is run with torch to show the loss is wrong.

Every loss call the program makes is seen through a TorchFunctionMode (torch's own hook for
intercepting functions: ``nn.CrossEntropyLoss`` calls ``F.cross_entropy``, which dispatches to the
mode). The flagged call's input is shown to be an activation's output (rows summing to 1, values in
(0, 1), or log-probabilities), and the loss it gives differs from the loss of the raw scores the
author meant (the activation undone: ``log`` of probabilities, ``logit`` of a sigmoid).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import torch
import torch.nn.functional as F
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch
from torch.overrides import TorchFunctionMode

CASES = fixture_cases("TL110")
PRELUDE = CASES.prelude
POSITIVE = CASES.bad
NEGATIVE = CASES.good

CLASSIFICATION_LOSSES = (F.cross_entropy, F.nll_loss, F.binary_cross_entropy_with_logits, F.binary_cross_entropy)


class LossCalls(TorchFunctionMode):
    """Records every classification loss call: the function, its input and its target."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[Callable[..., torch.Tensor], torch.Tensor, torch.Tensor]] = []

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        if func in CLASSIFICATION_LOSSES:
            self.calls.append((func, args[0].detach(), args[1].detach()))
        return func(*args, **kwargs)


def _loss_calls(source: str) -> list[tuple[Callable[..., torch.Tensor], torch.Tensor, torch.Tensor]]:
    with LossCalls() as spy:
        run_torch(source)
    return spy.calls


def _is_softmax_output(values: torch.Tensor) -> bool:
    return values.shape[-1] > 1 and bool((values >= 0).all()) and torch.allclose(values.sum(dim=-1),
                                                                               torch.ones(values.shape[:-1]))


def _softmax(raw: torch.Tensor) -> torch.Tensor:
    return torch.softmax(raw, dim=-1)


def _is_sigmoid_output(values: torch.Tensor) -> bool:
    return bool(((values > 0) & (values < 1)).all())


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_gradients_shrink(source):
    code = program(PRELUDE, source)
    [finding] = findings(code, "TL110")
    assert "the output of" in finding.message and "line" in finding.message
    loss, scores, target = _loss_calls(code)[0]
    if bool((scores <= 0).all()):
        # log-probabilities into a loss that applies sigmoid: no prediction can pass 0.5.
        assert loss is F.binary_cross_entropy_with_logits
        assert float(torch.sigmoid(scores).max()) <= 0.5
        return
    if _is_softmax_output(scores):
        activation: Callable[[torch.Tensor], torch.Tensor] = _softmax
        raw = torch.log(scores)  # the scores before softmax, up to a per-row constant softmax ignores
    else:
        assert _is_sigmoid_output(scores), scores
        activation, raw = torch.sigmoid, torch.logit(scores)
    meant_loss = F.binary_cross_entropy_with_logits if loss is F.binary_cross_entropy_with_logits else F.cross_entropy
    raw.requires_grad_(True)
    [bug_gradient] = torch.autograd.grad(loss(activation(raw), target), raw)
    [meant_gradient] = torch.autograd.grad(meant_loss(raw, target), raw)
    # What the model's scores learn from: under half of what the meant loss would give them.
    assert float(bug_gradient.norm()) < 0.5 * float(meant_gradient.norm())


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_runs(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL110") == []
    run_torch(source)


def test_log_softmax_into_cross_entropy_gives_the_nll_loss():
    calls = _loss_calls(program(PRELUDE, NEGATIVE["log-softmax-into-cross-entropy-gives-the-same-loss"]))
    [(loss, scores, target)] = calls
    assert torch.allclose(loss(scores, target), F.nll_loss(scores, target))


def test_softmax_twice_traps_the_loss_above_a_floor():
    """The symptom users report: even a perfect, confident prediction cannot bring the loss near 0."""
    classes = 5
    confident = torch.full((1, classes), -30.0)
    confident[0, 0] = 30.0
    target = torch.tensor([0])
    assert float(F.cross_entropy(confident, target)) < 1e-6
    floor = float(F.cross_entropy(torch.softmax(confident, dim=1), target))
    assert floor == pytest.approx(float(torch.log(torch.tensor(torch.e + classes - 1)) - 1), abs=1e-4)


def test_message_names_the_loss_the_activation_and_its_line():
    source = program(PRELUDE, POSITIVE["sequential-ending-in-softmax"])
    [finding] = findings(source, "TL110")
    assert "`nn.CrossEntropyLoss` is given `model(x)`, the output of nn.Softmax (line 9)" in finding.message
    assert finding.span.line == 11
    assert [r.span.line for r in finding.related] == [9]

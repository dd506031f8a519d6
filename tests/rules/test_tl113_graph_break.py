"""TL113 graph-break: each positive case is run with torch to show no gradient reaches the model.

Every ``optimizer.step()`` is observed through torch's global optimizer step pre-hook: in the positive
cases every parameter the optimizer updates still has no gradient after ``backward()``, so the step
cannot train anything; in the negative cases the model's parameters do get gradients.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import torch
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch
from torch.optim.optimizer import register_optimizer_step_pre_hook

CASES = fixture_cases("TL113")
PRELUDE = CASES.prelude
POSITIVE = CASES.bad
NEGATIVE = CASES.good


class Gradients:
    """For every optimizer step: did any parameter it updates have a gradient?"""

    def __init__(self) -> None:
        self.at_steps: list[bool] = []

    def hook(self, optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        self.at_steps.append(any(p.grad is not None for g in optimizer.param_groups for p in g["params"]))


@contextmanager
def observed_gradients() -> Iterator[Gradients]:
    gradients = Gradients()
    handle = register_optimizer_step_pre_hook(gradients.hook)
    try:
        yield gradients
    finally:
        handle.remove()


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_no_gradient_reaches_the_model(source):
    code = program(PRELUDE, source)
    [finding] = findings(code, "TL113")
    assert "new leaf" in finding.message and "backward()" in finding.message
    with observed_gradients() as gradients:
        namespace = run_torch(code)
    assert gradients.at_steps and not any(gradients.at_steps)
    assert all(p.grad is None for p in namespace["model"].parameters())


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_the_steps_have_gradients(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL113") == []
    with observed_gradients() as gradients:
        run_torch(source)
    assert gradients.at_steps and all(gradients.at_steps)


def test_message_names_the_dropped_history_and_the_backward():
    source = program(PRELUDE, POSITIVE["item-rewrapped-with-requires-grad"])
    [finding] = findings(source, "TL113")
    assert finding.span.line == 13
    assert "`loss.item()` (line 13)" in finding.message and "`loss.backward()` (line 15)" in finding.message

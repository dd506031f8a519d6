"""TL111 step-order: each positive case is run with torch to show the training step it spoils.

Every ``optimizer.step()`` is observed through torch's global optimizer step pre-hook: the learning rate
it uses and whether any parameter it updates has a non-zero gradient.
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

CASES = fixture_cases("TL111")
PRELUDE = CASES.prelude
POSITIVE = CASES.bad
NEGATIVE = CASES.good

# How each positive case shows its bug: the scheduler skips the schedule's first learning rate, the optimizer
# steps on cleared gradients, or the named optimizer never steps although its parameters get gradients.
SCHEDULER_FIRST = {"scheduler-at-the-top-of-the-epoch-function", "scheduler-at-the-top-of-the-epoch-loop",
                   "scheduler-stepped-with-the-epoch-first", "warmup-scheduler-before-each-step"}
CLEARED_GRADIENTS = {"zero-grad-between-backward-and-step", "zero-grad-set-to-none-between-backward-and-step",
                     "zero-grad-between-outside-a-loop", "step-before-backward"}
NEVER_STEPS = {"discriminator-optimizer-never-steps": "optimizer_d",
               "second-optimizer-never-steps": "encoder_optimizer"}


class Steps:
    """What each optimizer step saw: the optimizer, its first group's learning rate and initial one, and whether
    some parameter had a non-zero gradient."""

    def __init__(self) -> None:
        self.seen: list[tuple[torch.optim.Optimizer, float, float, bool]] = []

    def hook(self, optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        group = optimizer.param_groups[0]
        has_gradient = any(p.grad is not None and bool(p.grad.abs().sum() > 0)
                           for g in optimizer.param_groups for p in g["params"])
        self.seen.append((optimizer, group["lr"], group.get("initial_lr", group["lr"]), has_gradient))


@contextmanager
def observed_steps() -> Iterator[Steps]:
    steps = Steps()
    handle = register_optimizer_step_pre_hook(steps.hook)
    try:
        yield steps
    finally:
        handle.remove()


def test_every_positive_case_has_a_proof():
    assert set(POSITIVE) == SCHEDULER_FIRST | CLEARED_GRADIENTS | set(NEVER_STEPS)


@pytest.mark.parametrize("name", POSITIVE.keys())
def test_flags_and_torch_shows_the_spoiled_step(name):
    source = program(PRELUDE, POSITIVE[name])
    [finding] = findings(source, "TL111")
    with observed_steps() as steps:
        namespace = run_torch(source)
    if name in SCHEDULER_FIRST:
        _, first_lr, initial_lr, _ = steps.seen[0]
        assert first_lr != initial_lr, "the first step already uses a later learning rate of the schedule"
        assert "scheduler" in finding.message or "warmup" in finding.message
    elif name in CLEARED_GRADIENTS:
        assert steps.seen and not any(has_gradient for *_, has_gradient in steps.seen)
        assert "zero_grad()" in finding.message
    else:
        idle = namespace[NEVER_STEPS[name]]
        assert all(optimizer is not idle for optimizer, *_ in steps.seen)
        gradients = [p.grad for g in idle.param_groups for p in g["params"]]
        assert all(g is not None and bool(g.abs().sum() > 0) for g in gradients), "backward() fed it gradients"
        assert "never calls" in finding.message


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_every_step_has_gradients(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL111") == []
    with observed_steps() as steps:
        run_torch(source)
    stepped_with_gradients = [has_gradient for optimizer, _, _, has_gradient in steps.seen
                              if not isinstance(optimizer, torch.optim.LBFGS)]
    if name != "fast-forward-a-resumed-scheduler":  # its first step runs before any backward, on purpose
        assert all(stepped_with_gradients)


def test_message_names_both_calls_and_their_lines():
    source = program(PRELUDE, POSITIVE["zero-grad-between-backward-and-step"])
    [finding] = findings(source, "TL111")
    assert finding.span.line == 15
    assert "`optimizer.zero_grad()` (line 14) cleared after the backward() at line 13" in finding.message
    assert [r.span.line for r in finding.related] == [14, 13]

"""Step sampling: what the default run checks, what it can miss, and --every-step."""

from __future__ import annotations

import pytest
import torch

from tensorlens.runtime.sanitizer.sampling import StepSampler

LATE = "samples/sanitizer/late_leaf_write.py"


def test_the_schedule_checks_the_first_steps_then_two_of_every_twenty() -> None:
    sampler = StepSampler(object(), full_steps=10, every=20, window=2)
    checked = [step for step in range(60) if sampler.checks(step)]
    assert checked == [*range(10), 10, 11, 30, 31, 50, 51]
    assert all(StepSampler(object(), full_steps=None).checks(step) for step in range(100))


def test_the_monitor_leaves_the_mode_stack_between_sampled_steps_and_comes_back() -> None:
    class Probe(torch.overrides.TorchFunctionMode):
        def __init__(self) -> None:
            super().__init__()
            self.calls = 0

        def __torch_function__(self, func, types, args=(), kwargs=None):
            self.calls += 1
            return func(*args, **(kwargs or {}))

    probe = Probe()
    sampler = StepSampler(probe, full_steps=2, every=4, window=1)
    parameter = torch.nn.Parameter(torch.zeros(3))
    optimizer = torch.optim.SGD([parameter], lr=0.1)
    seen = []
    sampler.start()
    try:
        for _ in range(8):
            before = probe.calls
            torch.ones(2).add(1)
            seen.append(probe.calls > before)
            optimizer.step()
    finally:
        sampler.stop()
    assert seen == [True, True, True, False, False, False, True, False]
    assert torch._C._len_torch_function_stack() == 0
    assert sampler.coverage().startswith("checked every op of 4 of 8 optimizer steps")


@pytest.mark.parametrize("option", [[], ["--every-step"]])
def test_a_pitfall_in_an_unchecked_step_is_missed_only_without_every_step(sanitize, option):
    run = sanitize(*option, LATE)

    lines = {line.split(": TL101")[0] for line in run.finding_lines("TL101")}
    expected = {"tensorlens: samples/sanitizer/late_leaf_write.py:24:13"}  # step 35 follows model.eval(): checked
    assert lines == expected
    [summary] = [line for line in run.stderr.splitlines() if line.startswith("  samples/sanitizer/late_leaf_write.py")]
    # step 15's write is counted only when every step is checked
    assert summary.endswith("x2" if option else "x1")
    assert ("checked every op of" in run.stderr) == (not option)
    assert run.returncode == 0 and "loss" in run.stdout

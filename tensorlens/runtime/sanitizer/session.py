"""Everything a sanitized run installs around the program, and removes afterwards."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import torch
from torch.nn.modules.module import register_module_parameter_registration_hook
from torch.optim.optimizer import register_optimizer_step_pre_hook

from tensorlens.runtime.sanitizer.eval_mode import EvalModeCheck
from tensorlens.runtime.sanitizer.monitor import Monitor
from tensorlens.runtime.sanitizer.sampling import StepSampler
from tensorlens.runtime.sanitizer.step_grads import StepGradCheck


@contextmanager
def watching(monitor: Monitor, sampler: StepSampler) -> Iterator[Monitor]:
    """Activate ``monitor`` for the calling thread (for the steps ``sampler`` checks),
    plus the two entry points no mode sees.

    ``torch.from_numpy`` is wrapped because it never reaches
    ``__torch_function__`` and has no hook; parameters are followed through
    PyTorch's global parameter-registration hook. Both stay on between
    sampled steps: they cost nothing per op.
    """
    torch_module: Any = torch  # typed Any: from_numpy is replaced for the run, same signature
    original_from_numpy = torch_module.from_numpy
    handle = register_module_parameter_registration_hook(monitor.parameter_registered)
    torch_module.from_numpy = monitor.from_numpy(original_from_numpy)
    steps = monitor.steps = StepGradCheck(monitor.state, lambda: sampler.whole_step_watched)
    step_handle = register_optimizer_step_pre_hook(_guarded(monitor, steps.before_step))
    restore_zero_grad = _follow_zero_grad(monitor, steps)
    monitor.eval_mode = EvalModeCheck(monitor.state, steps.clock)
    restore_dropouts = monitor.eval_mode.install()
    sampler.start()
    try:
        yield monitor
    finally:
        sampler.stop()
        torch_module.from_numpy = original_from_numpy
        handle.remove()
        step_handle.remove()
        restore_zero_grad()
        restore_dropouts()


def _guarded(monitor: Monitor, check: Callable[..., None]) -> Callable[..., None]:
    """``check`` as a hook whose own failure is an internal error, never the program's."""

    def hook(*args: Any) -> None:
        with monitor.guard:
            check(*args)

    return hook


def _follow_zero_grad(monitor: Monitor, steps: StepGradCheck) -> Callable[[], None]:
    """Tell ``steps`` of every ``Optimizer.zero_grad``/``Module.zero_grad`` (no hook exists for them);
    a few attribute reads per call. Returns the undo."""
    originals = []
    for owner in (torch.optim.Optimizer, torch.nn.Module):
        original = owner.zero_grad
        originals.append((owner, original))

        def zero_grad(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            with monitor.guard:
                steps.gradients_cleared()
            return _original(self, *args, **kwargs)

        owner.zero_grad = functools.wraps(original)(zero_grad)  # type: ignore[method-assign]

    def restore() -> None:
        for owner, original in originals:
            owner.zero_grad = original  # type: ignore[method-assign]

    return restore

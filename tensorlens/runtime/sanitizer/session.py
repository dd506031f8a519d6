"""Everything a sanitized run installs around the program, and removes afterwards."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import torch
from torch.nn.modules.module import register_module_parameter_registration_hook

from tensorlens.runtime.sanitizer.monitor import Monitor
from tensorlens.runtime.sanitizer.sampling import StepSampler


@contextmanager
def watching(monitor: Monitor, sampler: StepSampler) -> Iterator[Monitor]:
    """Activate ``monitor`` for the calling thread (for the steps ``sampler`` checks),
    plus the two entry points no mode sees.

    ``torch.from_numpy`` is wrapped because it never reaches
    ``__torch_function__`` and has no hook; parameters are followed through
    PyTorch's global parameter-registration hook. Both stay on between
    sampled steps: they cost nothing per op.
    """
    original_from_numpy = torch.from_numpy
    handle = register_module_parameter_registration_hook(monitor.parameter_registered)
    setattr(torch, "from_numpy", monitor.from_numpy(original_from_numpy))  # same signature, seen by the monitor
    sampler.start()
    try:
        yield monitor
    finally:
        sampler.stop()
        torch.from_numpy = original_from_numpy
        handle.remove()

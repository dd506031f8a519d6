"""Everything a sanitized run installs around the program, and removes afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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
    torch_module: Any = torch  # typed Any: from_numpy is replaced for the run, same signature
    original_from_numpy = torch_module.from_numpy
    handle = register_module_parameter_registration_hook(monitor.parameter_registered)
    torch_module.from_numpy = monitor.from_numpy(original_from_numpy)
    sampler.start()
    try:
        yield monitor
    finally:
        sampler.stop()
        torch_module.from_numpy = original_from_numpy
        handle.remove()

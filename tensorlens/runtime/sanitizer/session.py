"""Everything a sanitized run installs around the program, and removes afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch.nn.modules.module import register_module_parameter_registration_hook

from tensorlens.runtime.sanitizer.monitor import Monitor


@contextmanager
def watching(monitor: Monitor) -> Iterator[Monitor]:
    """Activate ``monitor`` for the calling thread, plus the two entry points no mode sees.

    ``torch.from_numpy`` is wrapped because it never reaches
    ``__torch_function__`` and has no hook; parameters are followed through
    PyTorch's global parameter-registration hook.
    """
    original_from_numpy = torch.from_numpy
    handle = register_module_parameter_registration_hook(monitor.parameter_registered)
    torch.from_numpy = monitor.from_numpy(original_from_numpy)
    try:
        with monitor:
            yield monitor
    finally:
        torch.from_numpy = original_from_numpy
        handle.remove()

"""Helpers of the abuse suite: the CLI as a subprocess, with or without file permissions enforced for root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

LEAF = "import torch\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n"

# Root reads everything: without these capabilities the kernel checks file modes for root too.
_DROP_DAC = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
             "--bounding-set=-dac_override,-dac_read_search"]


def tensorlens(*args: str, cwd: Path, env: Optional[dict[str, str]] = None, timeout: float = 300,
               modes_enforced: bool = False) -> subprocess.CompletedProcess[bytes]:
    """``python -m tensorlens ARGS`` in ``cwd``; bytes out, so that what it wrote is seen exactly."""
    command = [sys.executable, "-m", "tensorlens", *args]
    if modes_enforced:
        command = enforcing_modes() + command
    return subprocess.run(command, capture_output=True, cwd=cwd, env={**os.environ, **(env or {})},
                          timeout=timeout)


def enforcing_modes() -> list[str]:
    """The prefix that makes a command see permission denied where a user would; skips where none can."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's file-permission override")
    return list(_DROP_DAC)

"""Python 3.12 and 3.13 environments with torch, for the runtime faces' tests.

The pinned torch (the `test` extra's ``torch==X``) exists on PyPI for those
interpreters only as a CUDA build: about 530 MB for the wheel and 4.7 GB
installed with its nvidia-* dependencies. Measured on this machine, a cold
``pip install`` into a new virtual environment takes about 90 s. Each one is
made once, outside the repository (``~/.cache/tensorlens-compat/<version>``,
or ``$TENSORLENS_COMPAT_CACHE``), shared by every checkout and rebuilt only
when the recipe changes. It holds torch, numpy and debugpy, never TensorLens:
tests put the checkout under test first on ``PYTHONPATH``, so one cached
environment serves any checkout. The CUDA build runs on a machine without a
GPU exactly as the CPU build does.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from interpreters import ROOT, find_interpreter

TORCH_VERSIONS = [v for v in ("3.12", "3.13") if v != f"{sys.version_info.major}.{sys.version_info.minor}"]
CACHE = Path(os.environ.get("TENSORLENS_COMPAT_CACHE") or Path.home() / ".cache" / "tensorlens-compat")


def torch_pin() -> str:
    """The ``torch==X`` requirement of pyproject.toml's `test` extra."""
    found = re.search(r'"(torch==[^"]+)"', (ROOT / "pyproject.toml").read_text())
    assert found, "pyproject.toml pins torch in the test extra"
    return found.group(1)


def recipe() -> list[str]:
    """What the environment installs; its text is the stamp that says an environment is current."""
    return [torch_pin(), "numpy", "debugpy>=1.8"]


def torch_python(version: str) -> str:
    """The interpreter of the version's torch environment, made if needed; skips without that Python."""
    interpreter = find_interpreter(version)
    if interpreter is None:
        pytest.skip(f"python{version} is not installed on this machine")
    venv = CACHE / version
    python = venv / "bin" / "python"
    stamp = venv / ".tensorlens-compat"
    wanted = " ".join(recipe())
    CACHE.mkdir(parents=True, exist_ok=True)
    # Other xdist workers, and other checkouts on this machine, share the environment.
    with open(CACHE / f"{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stamp.exists() or stamp.read_text() != wanted:
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([interpreter, "-m", "venv", str(venv)], check=True, timeout=300)
            install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-cache-dir", *recipe()],
                                     capture_output=True, text=True, timeout=1500)
            assert install.returncode == 0, install.stderr[-2000:]
            stamp.write_text(wanted)
    return str(python)


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment a runtime test's subprocess gets: this checkout's TensorLens first on the path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "PYTHONBREAKPOINT": ""}
    env.update(extra)
    return env

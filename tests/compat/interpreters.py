"""The other Python interpreters on this machine, each with a torch-free TensorLens environment.

For each version a virtual environment with TensorLens and its `debug` extra
(debugpy; never torch) is made once under .venv-compat/ and rebuilt when
pyproject.toml changes.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OTHER_VERSIONS = [v for v in ("3.10", "3.12", "3.13") if v != f"{sys.version_info.major}.{sys.version_info.minor}"]
# Part of the stamp: an environment made for an older recipe is rebuilt.
RECIPE = "torch-tensorlens[debug]"


def find_interpreter(version: str) -> str | None:
    """python3.X on PATH, or behind a pyenv shim that PATH lists but does not select."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}"), *sorted(
        str(p) for p in pyenv_root.glob(f"versions/{version}*/bin/python{version}"))]
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "--version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return candidate
    return None


def compat_python(version: str) -> str:
    """The interpreter of the version's environment, made if needed; skips the test without that Python."""
    interpreter = find_interpreter(version)
    if interpreter is None:
        pytest.skip(f"python{version} is not installed on this machine")
    venv = ROOT / ".venv-compat" / version
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    wanted = f"{RECIPE} {os.path.getmtime(ROOT / 'pyproject.toml')}"
    venv.parent.mkdir(exist_ok=True)
    # Tests on other xdist workers may want the same environment at the same moment.
    with open(venv.parent / f"{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stamp.exists() or stamp.read_text() != wanted:
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([interpreter, "-m", "venv", str(venv)], check=True, timeout=300)
            install = subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[debug]"],
                                     capture_output=True, text=True, timeout=900)
            assert install.returncode == 0, install.stderr[-2000:]
            stamp.write_text(wanted)
    return str(python)

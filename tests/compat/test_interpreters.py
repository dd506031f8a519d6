"""The static analyzer gives the same answers on every Python from 3.10 to 3.13 on this machine.

For each other interpreter found on PATH, a virtual environment with TensorLens
(and only its own dependencies: no torch) is made once under .venv-compat/, then
the rule-test cases and samples are analyzed there and compared with this
interpreter's results.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("static_cases.py")
OTHERS = [v for v in ("3.10", "3.12", "3.13") if v != f"{sys.version_info.major}.{sys.version_info.minor}"]


def run_cases(python: str) -> dict:
    result = subprocess.run([python, str(SCRIPT)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def reference():
    return run_cases(sys.executable)


def find_interpreter(version: str):
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
    interpreter = find_interpreter(version)
    if interpreter is None:
        pytest.skip(f"python{version} is not installed on this machine")
    venv = ROOT / ".venv-compat" / version
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    source_stamp = str(os.path.getmtime(ROOT / "pyproject.toml"))
    if not stamp.exists() or stamp.read_text() != source_stamp:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([interpreter, "-m", "venv", str(venv)], check=True, timeout=300)
        install = subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(ROOT)],
                                 capture_output=True, text=True, timeout=900)
        assert install.returncode == 0, install.stderr[-2000:]
        stamp.write_text(source_stamp)
    return str(python)


@pytest.mark.slow
@pytest.mark.parametrize("version", OTHERS)
def test_same_findings_on_other_interpreters(version, reference):
    python = compat_python(version)
    probe = subprocess.run([python, "-c", "import torch"], capture_output=True)
    assert probe.returncode != 0, "the static analyzer's environment must not need torch"
    theirs = run_cases(python)
    assert not any(v["internal_errors"] for v in theirs.values())
    assert theirs == reference

"""Fixtures for the sanitizer tests: real scripts, real torch, real subprocesses.

``sanitize(...)`` runs ``python -m tensorlens run ...`` (the CLI's route to the
sanitizer); ``plain(...)`` runs the same script without it, which is how each
positive test proves its pitfall is real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "sanitizer"


@dataclass
class Run:
    """What a program run left behind."""

    returncode: int
    stdout: str
    stderr: str

    def finding_lines(self, code: str | None = None) -> list[str]:
        """The live ``tensorlens: path:line:col: CODE message`` lines on stderr."""
        lines = [line for line in self.stderr.splitlines() if line.startswith("tensorlens: ")]
        return [line for line in lines if code is None or f": {code} " in line]


def _run(command: list[str], cwd: Path) -> Run:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=240)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def sanitize() -> Callable[..., Run]:
    """``sanitize("--fail-fast", "samples/x.py", "arg", cwd=...)``: run under ``tensorlens run``."""

    def run(*args: str, cwd: Path = REPO) -> Run:
        return _run([sys.executable, "-m", "tensorlens", "run", *args], cwd)

    return run


@pytest.fixture
def sanitize_by_console_script() -> Callable[..., Run]:
    """Like ``sanitize``, through the installed ``tensorlens`` command (its own folder first on sys.path)."""

    def run(*args: str, cwd: Path = REPO) -> Run:
        return _run([str(Path(sys.executable).parent / "tensorlens"), "run", *args], cwd)

    return run


@pytest.fixture
def plain() -> Callable[..., Run]:
    """``plain("samples/x.py", "arg")``: the same program without the sanitizer."""

    def run(*args: str, cwd: Path = REPO) -> Run:
        return _run([sys.executable, *args], cwd)

    return run


@pytest.fixture
def json_report(sanitize: Callable[..., Run], tmp_path: Path) -> Callable[..., tuple[Run, list[dict]]]:
    """Run a program with ``--format json --output`` and return the run and the findings."""

    def run(*args: str, cwd: Path = REPO) -> tuple[Run, list[dict]]:
        output = tmp_path / "findings.json"
        result = sanitize("--format", "json", "--output", str(output), *args, cwd=cwd)
        return result, json.loads(output.read_text())

    return run


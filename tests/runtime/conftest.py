"""Shared helpers for the runtime tests: real torch, real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "runtime"



def run_python(args: list[str], stdin: str = "", env: dict[str, str] | None = None,
               timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with ``args`` from the repo root, feeding ``stdin``."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "PYTHONBREAKPOINT": "", **(env or {})}
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture
def tutorial_tree() -> list[str]:
    """``gradfn out`` for samples/runtime/tutorial_graph.py (the autograd tutorial's graph)."""
    return [
        "MeanBackward0",
        "└─ MulBackward0  other=[]",
        "   └─ MulBackward0  other=[2, 2] self=[2, 2]",
        "      ├─ AddBackward0 #4",
        "      │  └─ AccumulateGrad  x: tensor[2, 2] f32 cpu requires_grad leaf [1.0, 1.0, 1.0, 1.0] 16 B",
        "      └─ AddBackward0 #4 (shared, see above)",
    ]


@pytest.fixture
def run_py():
    """``run_py(args, stdin="", env=None)``: this interpreter in a subprocess, from the repo root."""
    return run_python


@pytest.fixture
def pdb_session():
    """``pdb_session(sample, commands, via=...)`` -> the debugger's stdout.

    ``via="module"`` runs ``python -m tensorlens.pdb SAMPLE``; ``via="breakpoint"``
    runs the sample directly with ``PYTHONBREAKPOINT=tensorlens.set_trace``.
    """

    def session(sample: str, commands: list[str], via: str = "module") -> subprocess.CompletedProcess[str]:
        script = str(SAMPLES / sample)
        stdin = "\n".join(commands) + "\n"
        if via == "module":
            return run_python(["-m", "tensorlens.pdb", script], stdin)
        return run_python([script], stdin, env={"PYTHONBREAKPOINT": "tensorlens.set_trace"})

    return session


@pytest.fixture
def pdb_post_mortem():
    """``pdb_post_mortem(path)``: run ``python -m tensorlens.pdb PATH`` (relative to the repo) to its
    uncaught exception; ``c`` starts it, ``q`` leaves the post-mortem prompt. Returns stdout."""

    def session(path: str) -> str:
        result = run_python(["-m", "tensorlens.pdb", path], "c\nq\n")
        assert "Uncaught exception. Entering post mortem debugging" in result.stdout, result.stderr
        return result.stdout

    return session

"""No face of TensorLens imports a module from the workspace it checks (issue 23: S1).

A workspace holds ``typing.py``, ``json.py``, ``argparse.py``, ``struct.py``...
and packages named like TensorLens's dependencies, each of which leaves a mark
if it is ever imported. ``python -m tensorlens`` (which puts the current
folder first on sys.path), the pre-commit hook as pre-commit runs it, and the
language server with its worker processes are started in that workspace; none
may import any of them. (The VS Code extension's own launches are tested with
the same planted workspace by its unit tests, vscode-extension/test/unit.)
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from planted import plant, ran

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    plant(tmp_path / "workspace", tmp_path / "marks")
    return tmp_path / "workspace", tmp_path / "marks"


def clean_env() -> dict[str, str]:
    """The test's environment without anything that would put the workspace on sys.path by itself."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP")}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_python_m_tensorlens_check_runs_nothing_from_the_folder_it_starts_in(workspace, jobs: str):
    folder, marks = workspace
    result = subprocess.run([sys.executable, "-m", "tensorlens", "check", ".", "--no-cache", "--jobs", jobs],
                            capture_output=True, text=True, cwd=folder, env=clean_env(), timeout=300)
    assert ran(marks) == []
    assert result.returncode == 1, result.stderr
    assert "train.py:3:1: TL101 " in result.stdout


def test_the_pre_commit_hook_runs_nothing_from_the_repository(workspace):
    """pre-commit runs the hook's entry from the repository root with the staged files as arguments."""
    folder, marks = workspace
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text()
    entry = next(line.split(":", 1)[1].strip() for line in hook.splitlines() if line.strip().startswith("entry:"))
    command = shlex.split(entry)
    executable = Path(sys.executable).parent / command[0]
    result = subprocess.run([str(executable), *command[1:], "train.py", "typing.py", "json.py"], capture_output=True,
                            text=True, cwd=folder, env=clean_env(), timeout=300)
    assert ran(marks) == []
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("train.py:3:1: TL101 ")


def test_the_language_server_and_its_workers_run_nothing_from_the_workspace(workspace):
    """The server started as `python -m tensorlens lsp` in the workspace (as an editor without -P would), a
    document analyzed in a worker process, then shut down."""
    sys.path.insert(0, str(ROOT / "tests" / "lsp"))
    try:
        from raw_server import RawServer
    finally:
        sys.path.pop(0)
    folder, marks = workspace
    server = RawServer(cwd=folder, command=[sys.executable, "-m", "tensorlens", "lsp"])
    try:
        server.initialize(folder)
        uri = (folder / "train.py").as_uri()
        server.open(uri, (folder / "train.py").read_text())
        assert [d["code"] for d in server.diagnostics(uri, 1)] == ["TL101"]
        assert server.call("shutdown")["result"] is None
        server.notify("exit")
        assert server.exit_code() == 0
    finally:
        server.close()
    assert ran(marks) == []

"""`--diff` output is a patch: `patch -p0` applied to a copy gives exactly what `--fix` writes.

Issue 23 (cosmetic): the diff of a CRLF file had LF lines and the diff of a
Latin-1 file was UTF-8, so `patch` refused both; a UTF-8 file with a BOM, a
file whose last line has no ending and a file name that is not UTF-8 must
apply as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# A gradient step: a safe fix that wraps the line in `with torch.no_grad():`, last line included.
STEP = ["import torch", "w = torch.ones(2, requires_grad=True)", "w.sum().backward()", "w -= 0.1 * w.grad  # café"]

CASES = {
    "crlf.py": ("\r\n".join(STEP) + "\r\n").encode(),
    "crlf_no_final_newline.py": "\r\n".join(STEP).encode(),
    "latin1.py": ("# -*- coding: latin-1 -*-\n" + "\n".join(STEP) + "\n").encode("latin-1"),
    "bom.py": b"\xef\xbb\xbf" + ("\n".join(STEP) + "\n").encode(),
    os.fsdecode(b"name\xe9.py"): ("\n".join(STEP) + "\n").encode(),
}


def tensorlens(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    # A strict UTF-8 stdout, as VS Code's Check Workspace sets it: the diff's bytes must not depend on it.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "tensorlens", *args, "--no-cache"], capture_output=True, cwd=cwd,
                          env=env, timeout=300)


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_diff_applies_with_patch_and_matches_fix(tmp_path: Path, name: str):
    fixed_dir, patched_dir = tmp_path / "fixed", tmp_path / "patched"
    for folder in (fixed_dir, patched_dir):
        folder.mkdir()
        (folder / name).write_bytes(CASES[name])
    diff = tensorlens("check", name, "--diff", cwd=patched_dir)
    assert diff.returncode == 1, diff.stderr
    assert tensorlens("check", name, "--fix", cwd=fixed_dir).returncode == 0
    expected = (fixed_dir / name).read_bytes()
    assert expected != CASES[name]
    applied = subprocess.run(["patch", "-p0", "--batch", "--fuzz=0", "--no-backup-if-mismatch"], input=diff.stdout,
                             cwd=patched_dir, capture_output=True, timeout=60)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert (patched_dir / name).read_bytes() == expected
    if "crlf" in name:
        assert b"with torch.no_grad():\r\n" in expected and b"\n" not in expected.replace(b"\r\n", b"")

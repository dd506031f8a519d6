"""Neovim as a second, independent LSP client (its own JSON-RPC, its own LSP types).

Skipped only when ``nvim`` is not installed (``tests/lsp/install_nvim.sh`` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from recording_client import SAMPLES, SERVER_COMMAND

SCRIPT = Path(__file__).with_name("nvim_diagnostics.lua")
NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None, reason="Neovim (nvim) is not installed; run tests/lsp/install_nvim.sh")
def test_neovim_receives_diagnostics_and_hovers(tmp_path: Path):
    target = tmp_path / "device_mismatch.py"
    target.write_text((SAMPLES / "device_mismatch.py").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "TL_SERVER_CMD": json.dumps(SERVER_COMMAND), "TL_FILE": str(target),
           "TL_HOVER": "25,10", "HOME": str(tmp_path)}
    result = subprocess.run([NVIM, "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, (result.returncode, result.stdout, result.stderr)
    got = json.loads(lines[-1])
    assert [(d["code"], d["range"]["start"]["line"]) for d in got["diagnostics"]] == [("TL201", 25), ("TL201", 26)]
    assert all(d["source"] == "tensorlens" and d["severity"] == 1 for d in got["diagnostics"])
    assert got["diagnostics"][0]["codeDescription"]["href"].endswith("/rules/TL201.md")
    assert got["version"] == 0  # Neovim numbers a buffer's first version 0
    assert got["shown"] == 2  # vim.diagnostic took them
    assert got["hover"]["contents"]["kind"] == "markdown"
    # A saved file is analyzed as a module of its project (`device_mismatch`), as `check` does.
    assert "**`model`**: module device_mismatch.Classifier" in got["hover"]["contents"]["value"]

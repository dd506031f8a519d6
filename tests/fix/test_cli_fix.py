"""`tensorlens check --fix/--diff/--unsafe-fixes` as a user runs it, over a copy of samples/.

The per-rule samples (samples/*.py; the subfolders belong to the runtime and
debugger faces) are fixed in a temporary copy and compared with
tests/fix/expected/: every file a fix changed, and what remains (path, line,
column and code; messages are the rules' business). Run with
TENSORLENS_UPDATE_EXPECTED=1 to rewrite the expected outputs after a deliberate change.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from tensorlens.results import Finding, Fix, Span, TextEdit

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
EXPECTED = Path(__file__).parent / "expected"
UPDATE = os.environ.get("TENSORLENS_UPDATE_EXPECTED") == "1"

# Samples whose fixed form is the lead's hand-written twin (X.py -> X_fixed.py), docstring aside.
# Not requires_grad_typo (the fix writes `bias.requires_grad = True`, the twin `bias.requires_grad_(True)`),
# data_attribute (writes through .data get no fix) nor numpy_shared_mutation (the twin drops a comment).
TWINS = ("inplace_on_leaf", "discarded_to", "factory_without_device", "graph_accumulation", "numpy_on_cuda",
         "numpy_requires_grad")


def tensorlens(*args, cwd):
    return subprocess.run([sys.executable, "-m", "tensorlens", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def copy_samples(destination: Path) -> Path:
    destination.mkdir()
    for sample in sorted(SAMPLES.glob("*.py")):
        shutil.copy(sample, destination / sample.name)
    return destination


def originals(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(folder.glob("*.py"))}


def remaining_lines(stdout: str) -> list[str]:
    """``path:line:col: CODE`` of each finding line, then the summary lines."""
    lines = [line for line in stdout.splitlines() if line]
    findings = [" ".join(line.split(" ", 2)[:2]) for line in lines if ": TL" in line]
    return findings + [line for line in lines if ": TL" not in line]


def compare(kind: str, folder: Path, before: dict[str, str], stdout: str) -> None:
    expected = EXPECTED / kind
    changed = {name: (folder / name).read_text() for name in before if (folder / name).read_text() != before[name]}
    summary = "\n".join(remaining_lines(stdout)) + "\n"
    if UPDATE:
        shutil.rmtree(expected, ignore_errors=True)
        expected.mkdir(parents=True)
        for name, text in changed.items():
            (expected / name).write_text(text)
        (expected / "remaining.txt").write_text(summary)
    assert sorted(changed) == sorted(p.name for p in expected.glob("*.py"))
    for name, text in changed.items():
        assert text == (expected / name).read_text(), name
    assert summary == (expected / "remaining.txt").read_text()


@pytest.mark.parametrize("kind", ["safe", "unsafe"])
def test_fix_over_samples_matches_expected(tmp_path, kind):
    folder = copy_samples(tmp_path / "samples")
    before = originals(folder)
    flags = ["--fix"] + (["--unsafe-fixes"] if kind == "unsafe" else [])
    result = tensorlens("check", ".", *flags, cwd=folder)
    assert result.returncode == 1, result.stderr  # TL000 and TL201s have no fix
    assert result.stderr == ""
    compare(kind, folder, before, result.stdout)
    for name, text in originals(folder).items():
        if text != before[name]:
            cst.parse_module(text)
    fixed = originals(folder)
    again = tensorlens("check", ".", *flags, cwd=folder)
    assert originals(folder) == fixed and " fixed, " not in again.stdout
    findings = [line for line in remaining_lines(result.stdout) if " TL" in line]
    assert [line for line in remaining_lines(again.stdout) if " TL" in line] == findings


def test_fixes_reproduce_the_hand_written_twins(tmp_path):
    folder = copy_samples(tmp_path / "samples")
    before = originals(folder)
    tensorlens("check", ".", "--fix", "--unsafe-fixes", cwd=folder)
    for name in TWINS:
        fixed = (folder / f"{name}.py").read_text()
        assert fixed != before[f"{name}.py"], name
        twin = (SAMPLES / f"{name}_fixed.py").read_text()
        assert _without_docstring(fixed) == _without_docstring(twin), name


def _without_docstring(text: str) -> str:
    return text.split('"""', 2)[2]


def test_diff_prints_what_fix_would_do_and_writes_nothing(tmp_path):
    folder = copy_samples(tmp_path / "samples")
    before = originals(folder)
    result = tensorlens("check", ".", "--diff", cwd=folder)
    assert result.returncode == 1
    assert originals(folder) == before
    assert "--- inplace_on_leaf.py\n+++ inplace_on_leaf.py\n" in result.stdout
    assert "+    with torch.no_grad():\n" in result.stdout
    assert "numpy_shared_mutation.py" not in result.stdout  # unsafe: needs --unsafe-fixes
    assert result.stderr.startswith("Would fix ")
    assert "--unsafe-fixes" in result.stderr
    unsafe = tensorlens("check", ".", "--diff", "--unsafe-fixes", cwd=folder)
    assert "-features = torch.from_numpy(raw)\n+features = torch.tensor(raw)\n" in unsafe.stdout
    tensorlens("check", ".", "--fix", "--unsafe-fixes", cwd=folder)
    nothing = tensorlens("check", ".", "--diff", "--unsafe-fixes", cwd=folder)
    assert nothing.returncode == 0 and nothing.stdout == ""
    assert nothing.stderr == "No fixes available.\n"


def test_exit_zero_once_everything_is_fixed(tmp_path):
    (tmp_path / "step.py").write_text(
        "import torch\n\nw = torch.ones(2, requires_grad=True)\n"
        "w.sum().backward()\nw -= 0.1 * w.grad  # step\n")
    result = tensorlens("check", "step.py", "--fix", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "Found 1 finding (1 fixed, 0 remaining) in 1 file.\n"
    assert (tmp_path / "step.py").read_text().endswith(
        "with torch.no_grad():\n    w -= 0.1 * w.grad  # step\n")


def test_unsafe_fixes_alone_changes_nothing(tmp_path):
    folder = copy_samples(tmp_path / "samples")
    before = originals(folder)
    plain = tensorlens("check", ".", cwd=folder)
    result = tensorlens("check", ".", "--unsafe-fixes", cwd=folder)
    assert originals(folder) == before and result.stdout == plain.stdout


def test_json_after_fix_lists_what_remains_with_fixes(tmp_path):
    (tmp_path / "a.py").write_text(
        "import numpy as np\nimport torch\n\na = np.ones(3)\nt = torch.from_numpy(a)\na += 1\nprint(t)\n"
        "w = torch.ones(2, requires_grad=True)\nw.sum().backward()\nw -= w.grad\n")
    result = tensorlens("check", "a.py", "--fix", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    remaining = json.loads(result.stdout)
    assert [f["code"] for f in remaining] == ["TL301"]
    fix = remaining[0]["fix"]
    assert fix["safe"] is False and fix["edits"] == [
        {"line": 5, "column": 11, "end_line": 5, "end_column": 21, "text": "tensor"}]
    assert "with torch.no_grad():\n    w -= w.grad\n" in (tmp_path / "a.py").read_text()


def test_a_fix_that_would_break_the_file_is_not_written():
    from tensorlens.fix.session import fix_source

    source = "import torch\nw = torch.ones(2, requires_grad=True)\nw += 1\n"
    broken = Finding("a.py", Span(3, 1, 3, 7), "TL101", "m", fix=Fix("bad", True, (TextEdit(Span(3, 1, 3, 2), "("),)))
    result = fix_source(source, "a.py", lambda text: ([broken], []))
    assert result.text == source and not result.fixed
    [error] = result.internal_errors
    assert error.startswith("a.py:3: the fix for TL101 (bad) would break the file (syntax error at line 3")


def test_a_breaking_fix_does_not_hold_back_the_others():
    from tensorlens.fix.session import analyzer, fix_source

    source = "import torch\nw = torch.ones(2, requires_grad=True)\nw += 1\nv = torch.ones(2, requires_grad=True)\n" \
        "v += 2\n"
    check = analyzer("a.py")
    broken = Finding("a.py", Span(2, 1, 2, 2), "TL101", "m", fix=Fix("bad", True, (TextEdit(Span(2, 1, 2, 1), "("),)))

    def check_with_a_bad_fix(text):
        findings, errors = check(text)
        return findings + ([broken] if text.endswith("v += 2\n") else []), errors

    result = fix_source(source, "a.py", check_with_a_bad_fix, unsafe=True)
    assert result.text.endswith("w = w + 1\nv = torch.ones(2, requires_grad=True)\nv = v + 2\n")
    assert len(result.internal_errors) == 1 and "(bad)" in result.internal_errors[0]


def test_suppressions_follow_the_lines_a_fix_moves(tmp_path):
    (tmp_path / "a.py").write_text(
        "import torch\nmodel = torch.nn.Linear(2, 1)\nfor p in model.parameters():\n    p.mul_(0.5)\n"
        "w = torch.ones(2, requires_grad=True)\nw.add_(1)  # tensorlens: ignore[TL101]\n")
    result = tensorlens("check", "a.py", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "Found 1 finding (1 fixed, 0 remaining) in 1 file.\n"
    assert (tmp_path / "a.py").read_text().endswith("w.add_(1)  # tensorlens: ignore[TL101]\n")


def test_a_file_in_another_encoding_keeps_it(tmp_path):
    source = "# -*- coding: latin-1 -*-\nimport torch\nw = torch.ones(2, requires_grad=True)  # café\n" \
        "w.sum().backward()\n" \
        "w -= w.grad\n"
    (tmp_path / "a.py").write_bytes(source.encode("latin-1"))
    result = tensorlens("check", "a.py", "--fix", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    fixed = (tmp_path / "a.py").read_bytes().decode("latin-1")
    assert "# café\n" in fixed and fixed.endswith("with torch.no_grad():\n    w -= w.grad\n")

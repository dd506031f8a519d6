"""The `tensorlens` command as a user runs it: a subprocess, its output and exit codes."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tensorlens.catalogue import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"

LEAF_BUG = "import torch\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n"
CLEAN = "import torch\nx = torch.ones(3)\nx.add_(1)\n"


def tensorlens(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tensorlens", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bug.py").write_text(LEAF_BUG)
    (tmp_path / "pkg" / "clean.py").write_text(CLEAN)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "vendored.py").write_text(LEAF_BUG)
    (tmp_path / "notes.txt").write_text("not python")
    return tmp_path


def test_text_output_relative_paths_and_exit_code(project):
    result = tensorlens("check", "pkg", cwd=project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("pkg/bug.py:3:1: TL101 in-place `add_()` on `w`")
    assert lines[-1] == "Found 1 finding (1 error) in 2 files."
    assert result.stderr == ""


def test_no_paths_checks_the_current_directory_and_skips_virtualenvs(project):
    result = tensorlens("check", cwd=project)
    assert result.returncode == 1
    assert "pkg/bug.py:3:1" in result.stdout
    assert ".venv" not in result.stdout


def test_clean_file_exits_zero(project):
    result = tensorlens("check", "pkg/clean.py", cwd=project)
    assert result.returncode == 0
    assert result.stdout.strip() == "All checks passed (1 file checked)."


def test_exit_zero_prints_findings_but_succeeds(project):
    result = tensorlens("check", "pkg", "--exit-zero", cwd=project)
    assert result.returncode == 0 and "TL101" in result.stdout


def test_json_output_follows_the_schema(project):
    result = tensorlens("check", "pkg", "--format", "json", cwd=project)
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)
    assert set(finding) == {"path", "line", "column", "end_line", "end_column", "code", "name", "severity",
                            "message", "fix"}
    assert finding["path"] == "pkg/bug.py"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (3, 1, 3, 10)
    assert (finding["code"], finding["name"], finding["severity"]) == ("TL101", "inplace-on-leaf", "error")


def test_json_output_is_an_empty_array_when_clean(project):
    result = tensorlens("check", "pkg/clean.py", "--format", "json", cwd=project)
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_missing_path_is_one_clear_line(project):
    result = tensorlens("check", "nope.py", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == "tensorlens: error: no such file or directory: nope.py"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["check", "--bogus"], "unrecognized arguments: --bogus"),
    (["check", "--format", "xml"], "invalid choice: 'xml'"),
    (["check", "--jobs", "zero"], "not a number"),
    (["check", "--select", "TL999"], "unknown rule code or prefix: 'TL999'"),
    (["explain", "TL999"], "unknown rule code: 'TL999'"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_bad_command_lines_are_one_line_errors(project, args, expected):
    result = tensorlens(*args, cwd=project)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_directory_without_python_files(tmp_path):
    (tmp_path / "README.md").write_text("# hi")
    result = tensorlens("check", str(tmp_path))
    assert result.returncode == 0
    assert "No Python files checked." in result.stdout


def test_syntax_error_is_reported_and_the_run_continues(project):
    (project / "pkg" / "broken.py").write_text("import torch\ndef f(:\n    pass\n")
    result = tensorlens("check", "pkg", cwd=project)
    assert result.returncode == 1
    assert "pkg/broken.py:2:7: TL000 syntax error" in result.stdout
    assert "pkg/bug.py:3:1: TL101" in result.stdout


def test_select_and_ignore(project):
    assert tensorlens("check", "pkg", "--select", "TL2", cwd=project).returncode == 0
    assert tensorlens("check", "pkg", "--ignore", "TL101", cwd=project).returncode == 0
    assert tensorlens("check", "pkg", "--select", "tl1", cwd=project).returncode == 1


def test_statistics_and_quiet(project):
    stats = tensorlens("check", "pkg", "--statistics", cwd=project)
    assert stats.stdout.split() == ["1", "TL101", "inplace-on-leaf"]
    quiet = tensorlens("check", "pkg", "--quiet", cwd=project)
    assert quiet.stdout.count("\n") == 1 and "Found" not in quiet.stdout


def test_non_utf8_file_is_reported_not_crashed(project):
    """W1: Python refuses to read it, so it is a TL000 in Python's words."""
    (project / "pkg" / "latin.py").write_bytes(b"import torch\nname = '\xe9'\n")
    result = tensorlens("check", "pkg", cwd=project)
    assert result.returncode == 1
    assert "pkg/latin.py:2:" in result.stdout and "codec can't decode byte 0xe9" in result.stdout
    assert "Traceback" not in result.stderr
    assert "pkg/bug.py:3:1: TL101" in result.stdout


def test_samples_through_every_core_with_jobs(tmp_path):
    copy = tmp_path / "samples"
    shutil.copytree(SAMPLES, copy)
    serial = tensorlens("check", "samples", "--jobs", "1", "--format", "json", cwd=tmp_path)
    parallel = tensorlens("check", "samples", "--jobs", "2", "--format", "json", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 1
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)
    codes = {f["code"] for f in json.loads(serial.stdout)}
    assert {"TL000", "TL101", "TL201", "TL301"} <= codes
    fixed = {f["path"] for f in json.loads(serial.stdout) if f["path"].endswith("_fixed.py")}
    assert fixed == set(), fixed


def test_rules_lists_every_code_with_fixability():
    result = tensorlens("rules")
    assert result.returncode == 0
    rows = result.stdout.splitlines()[1:]
    assert [row.split()[0] for row in rows] == list(CATALOGUE)
    assert rows[1].split() == ["TL101", "inplace-on-leaf", "error", rows[1].split()[3]]


def test_explain_prints_every_documentation_section():
    result = tensorlens("explain", "TL201")
    assert result.returncode == 0
    for section in ("What it does", "Why is this bad", "Example", "Use instead", "Fix", "References"):
        assert f"## {section}" in result.stdout


def test_console_script_and_module_agree(project):
    script = Path(sys.executable).parent / "tensorlens"
    via_script = subprocess.run([str(script), "check", "pkg"], capture_output=True, text=True, cwd=project)
    assert via_script.stdout == tensorlens("check", "pkg", cwd=project).stdout


def test_parallel_runner_matches_serial(monkeypatch):
    from tensorlens.check import runner
    from tensorlens.project.files import collect_files

    files = collect_files([str(SAMPLES)])
    serial = runner.analyze_files(files, None, jobs=1)
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD_BYTES", 0)
    parallel = runner.analyze_files(files, None, jobs=2)
    assert [a.findings for a in serial] == [a.findings for a in parallel]

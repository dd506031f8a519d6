"""`tensorlens run` runs the program as Python would: argv, __main__, stdout, exit status."""

from __future__ import annotations

import shlex
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CLEAN = "samples/sanitizer/clean_training.py"


def test_a_clean_training_script_has_no_finding_and_the_same_output(plain, sanitize):
    expected = plain(CLEAN, "--epochs", "2")
    assert expected.returncode == 0

    run = sanitize(CLEAN, "--epochs", "2")  # program arguments that look like options

    assert run.returncode == 0
    assert run.finding_lines() == []
    assert run.stderr.strip() == "tensorlens run: no findings"
    assert run.stdout == expected.stdout
    assert "name __main__ argv ['--epochs', '2']" in run.stdout


def test_exit_status_and_uncaught_exceptions_are_the_programs(sanitize, tmp_path):
    exits = tmp_path / "exits.py"
    exits.write_text("import sys\nprint('bye')\nsys.exit(3)\n")
    crashes = tmp_path / "crashes.py"
    crashes.write_text("def deep():\n    raise ValueError('boom')\n\ndeep()\n")

    exited = sanitize(str(exits))
    assert (exited.returncode, exited.stdout) == (3, "bye\n")
    crashed = sanitize(str(crashes))
    assert crashed.returncode == 1
    assert "ValueError: boom" in crashed.stderr
    traceback = crashed.stderr[crashed.stderr.index("Traceback"):]
    assert "crashes.py\", line 4, in <module>" in traceback
    assert "sanitizer" not in traceback and "runpy" not in traceback


def _trainer_package(tmp_path):
    """A package in the current folder whose main module mixes devices."""
    package = tmp_path / "trainer"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "devices.py").write_text("import torch\n\ndef weights():\n"
                                        "    return torch.ones(3, device='meta')\n")
    (package / "main.py").write_text(textwrap.dedent("""\
        import sys
        import torch
        from trainer.devices import weights

        print(__name__, sys.argv[1:])
        w = weights()
        x = torch.ones(3)
        y = w * x
    """))


@pytest.mark.parametrize("launcher", ["sanitize", "sanitize_by_console_script"])
def test_dash_m_runs_a_module_as_main_with_its_arguments(request, tmp_path, launcher):
    _trainer_package(tmp_path)

    run = request.getfixturevalue(launcher)("-m", "trainer.main", "a1", "--flag", cwd=tmp_path)

    assert run.stdout == "__main__ ['a1', '--flag']\n"
    [line] = run.finding_lines("TL201")
    assert line.startswith("tensorlens: trainer/main.py:8:5: TL201")
    assert "`w` (tensor[3] f32 meta, created at trainer/devices.py:4)" in line
    assert "`x` (tensor[3] f32 cpu, created at trainer/main.py:7)" in line


def test_usage_errors_are_one_line_and_status_2(sanitize):
    for args in (["--bogus", "x.py"], ["--format", "xml", "x.py"], [], ["no/such/script.py"],
                 ["-m", "no_such_module_here"], ["--error-exitcode", "0", CLEAN], ["--error-exitcode", "x", CLEAN]):
        run = sanitize(*args)
        assert run.returncode == 2, args
        assert len(run.stderr.strip().splitlines()) == 1, (args, run.stderr)
        assert run.stderr.startswith("tensorlens run: error:"), args
        assert "Traceback" not in run.stderr


def test_help_lists_the_options(sanitize):
    run = sanitize("--help")

    assert run.returncode == 0
    for option in ("--fail-fast", "--error-exitcode", "--format", "--output", "-m MODULE"):
        assert option in run.stdout


def test_error_exitcode_fails_a_successful_run_that_had_findings(sanitize, tmp_path):
    leaf = tmp_path / "leaf.py"
    leaf.write_text("import torch\nw = torch.ones(3, requires_grad=True)\ntry:\n    w.add_(1)\n"
                    "except RuntimeError:\n    pass\n")
    failing = tmp_path / "failing.py"
    failing.write_text(leaf.read_text() + "raise SystemExit(5)\n")

    assert sanitize(str(leaf)).returncode == 0  # the program's own status by default
    flagged = sanitize("--error-exitcode", "3", str(leaf))
    assert flagged.returncode == 3 and flagged.finding_lines("TL101")
    assert sanitize("--error-exitcode", "3", CLEAN).returncode == 0  # no findings
    assert sanitize("--error-exitcode", "3", str(failing)).returncode == 5  # the program failed first


def test_an_unwritable_output_is_refused_before_the_program_runs(sanitize, tmp_path):
    marker = tmp_path / "ran"
    script = tmp_path / "side_effect.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")

    run = sanitize("--output", str(tmp_path / "no" / "such" / "dir" / "report.json"), str(script))

    assert run.returncode == 2
    assert run.stderr.startswith("tensorlens run: error: cannot write the report to ")
    assert not marker.exists()
    fine = tmp_path / "report.txt"
    assert sanitize("--output", str(fine), str(script)).returncode == 0 and marker.exists() and fine.exists()


def _shell(command: str, cwd) -> subprocess.CompletedProcess:
    import os
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(["sh", "-c", command.replace("PY", shlex.quote(sys.executable))], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=240)


def test_a_closed_stdout_or_stderr_changes_nothing_but_what_is_printed(tmp_path):
    leaf = tmp_path / "leaf.py"
    leaf.write_text("import torch\nw = torch.ones(3, requires_grad=True)\ntry:\n    w.add_(1)\n"
                    "except RuntimeError:\n    pass\nprint('done')\nopen('finished', 'w').close()\n")

    no_stdout = _shell(f"exec PY -m tensorlens run {leaf} >&-", tmp_path)
    assert no_stdout.returncode == 0, no_stdout.stderr
    assert "Traceback" not in no_stdout.stderr and ": TL101 " in no_stdout.stderr

    (tmp_path / "finished").unlink()
    no_stderr = _shell(f"exec PY -m tensorlens run --error-exitcode 3 {leaf} 2>&-", tmp_path)
    assert (no_stderr.returncode, no_stderr.stdout) == (3, "done\n")
    assert (tmp_path / "finished").exists()  # the program ran to its end


def test_file_is_absolute_and_ctrl_c_ends_the_run_by_the_signal(plain, sanitize, tmp_path):
    script = tmp_path / "where.py"
    script.write_text("print(__file__)\nraise KeyboardInterrupt\n")

    expected = plain("where.py", cwd=tmp_path)
    run = sanitize("where.py", cwd=tmp_path)

    assert run.stdout == expected.stdout == f"{script}\n"
    assert expected.returncode == run.returncode == -signal.SIGINT
    assert "KeyboardInterrupt" in run.stderr

"""Hostile and careless files through ``tensorlens check``: a finding or a clear line per file, and the run goes on.

Each test names the item of issue 23 it covers: C2-C4 special files named
``*.py``, C5 file names that are not UTF-8, C8 size, density and time caps,
S2 terminal control characters, W2 unreadable files and folders. Every run
has a timeout: a hang is a failure, not a stuck suite.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hostile import LEAF, tensorlens

from tensorlens.check.limits import TimeLimitExceeded, cpu_time_limit

NOT_UTF8 = os.fsdecode(b"caf\xe9.py")


def lines(output: bytes) -> list[str]:
    return output.decode("utf-8").splitlines()


def test_special_files_named_py_are_skipped_with_a_note(tmp_path: Path):
    """C2 a FIFO (hung for ever), C3 a link to /dev/zero (read until out of memory), C4 a link loop (a
    traceback): each is a note, the exit code is the real files' own, and nothing hangs."""
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "loop.py").symlink_to("loop.py")
    (tmp_path / "leaf.py").write_text(LEAF)
    result = tensorlens("check", ".", cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert lines(result.stdout)[0].startswith("leaf.py:3:1: TL101 ")
    assert lines(result.stdout)[-1] == "Found 1 finding (1 error) in 1 file."
    assert lines(result.stderr) == [
        "tensorlens: note: fifo.py: a FIFO, not a regular file; skipped",
        "tensorlens: note: loop.py: a symlink loop, not a file; skipped",
        "tensorlens: note: zero.py: a character device, not a regular file; skipped",
    ]
    (tmp_path / "leaf.py").write_text("x = 1\n")
    named = tensorlens("check", "fifo.py", "loop.py", "zero.py", "leaf.py", "--fix", cwd=tmp_path, timeout=120)
    assert named.returncode == 0 and len(lines(named.stderr)) == 3, named.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_not_utf8_in_every_format_under_a_strict_utf8_stdout(tmp_path: Path, fmt: str):
    """C5: SARIF always crashed on such a name, every format under PYTHONIOENCODING=utf-8 (Check Workspace
    sets it), and JSON came out as invalid UTF-8. The name's byte is \\xe9 in text and GitHub output, the JSON
    escape \\udce9 (which decodes back to the name's bytes) in JSON, %E9 in a SARIF URI."""
    (tmp_path / NOT_UTF8).write_text(LEAF)
    result = tensorlens("check", ".", "--format", fmt, cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    text = result.stdout.decode("utf-8")  # strict: valid UTF-8 whatever the format
    if fmt == "text":
        assert text.startswith("caf\\xe9.py:3:1: TL101 ")
    elif fmt == "github":
        assert text.startswith("::error file=caf\\xe9.py,line=3,col=1,title=TL101::")
    elif fmt == "json":
        [finding] = json.loads(text)
        assert os.fsencode(finding["path"]) == b"caf\xe9.py"
        assert "\\udce9" in text
    else:
        [run] = json.loads(text)["runs"]
        [found] = run["results"]
        assert found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.py"


def test_terminal_control_characters_are_escaped_in_text_output(tmp_path: Path):
    """S2: a file name with ESC, BEL, CR and a newline, and a string literal with a clear-screen sequence
    quoted in a message, printed raw, let one file clear the screen and print a fake "All checks passed"."""
    evil = "x\x1b[2J\x07\r\nAll checks passed.py"
    (tmp_path / evil).write_text(LEAF)
    (tmp_path / "quoted.py").write_text('import torch\nd = {}\nd["\x1b[2J\x07"] = torch.ones(2)\n'
                                        'd["\x1b[2J\x07"].cuda()\n')
    os.mkfifo(tmp_path / "fifo\x1b[31m.py")
    result = tensorlens("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    out, err = result.stdout.decode(), result.stderr.decode()
    for raw in ("\x1b", "\x07", "\r"):
        assert raw not in out and raw not in err
    assert out.count("\n") == 4  # two findings, a blank line, the summary: no line break from a name
    assert "x\\x1b[2J\\x07\\r\\nAll checks passed.py:3:1: TL101 " in out
    assert 'quoted.py:4:1: TL202 `d["\\x1b[2J\\x07"].cuda(...)`' in out
    assert err == "tensorlens: note: fifo\\x1b[31m.py: a FIFO, not a regular file; skipped\n"


def test_a_5_mb_one_line_file_is_skipped_quickly_and_named(tmp_path: Path):
    """C8: it took 103 s and 10.2 GB inside libcst. Over max-file-size (2 MB), it is never read into the parser."""
    (tmp_path / "huge.py").write_text("x = [" + "0," * 2_600_000 + "]\n")
    (tmp_path / "leaf.py").write_text(LEAF)
    started = time.monotonic()
    result = tensorlens("check", ".", cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert result.returncode == 2
    assert lines(result.stdout)[0].startswith("leaf.py:3:1: TL101 ")
    assert lines(result.stderr) == ["tensorlens: huge.py: not analyzed: 5.2 MB, more than max-file-size (2.0 MB); "
                                    "raise it in [tool.tensorlens] or with --max-file-size to check it"]


def test_a_file_dense_in_tokens_is_skipped_even_under_the_size_cap(tmp_path: Path):
    """C8: 1.9 MB of `0,` is 950,000 tokens (libcst: about 2 KB and tens of microseconds each)."""
    (tmp_path / "dense.py").write_text("x = [" + "0," * 950_000 + "]\n")
    started = time.monotonic()
    result = tensorlens("check", "dense.py", cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert result.returncode == 2
    [line] = lines(result.stderr)
    assert line.startswith("tensorlens: dense.py: not analyzed: about 1,900,00") and "more than the 500,000" in line


def test_the_limits_are_configurable(tmp_path: Path):
    """C8: `max-file-size` in [tool.tensorlens], overridden by --max-file-size."""
    (tmp_path / "pyproject.toml").write_text("[tool.tensorlens]\nmax-file-size = 50\n")
    (tmp_path / "leaf.py").write_text(LEAF)
    capped = tensorlens("check", "leaf.py", cwd=tmp_path)
    assert capped.returncode == 2
    assert lines(capped.stderr) == ["tensorlens: leaf.py: not analyzed: 0.0 MB, more than max-file-size (0.0 MB); "
                                    "raise it in [tool.tensorlens] or with --max-file-size to check it"]
    assert "All checks passed" not in capped.stdout.decode()
    assert tensorlens("check", "leaf.py", "--max-file-size", "1000", cwd=tmp_path).returncode == 1
    (tmp_path / "pyproject.toml").write_text("[tool.tensorlens]\nmax-file-seconds = -1\n")
    bad = tensorlens("check", "leaf.py", cwd=tmp_path)
    assert bad.returncode == 2 and b"`max-file-seconds` must be a positive number, got -1" in bad.stderr


def test_an_analysis_over_its_cpu_time_is_stopped_inside_the_native_parser(tmp_path: Path):
    """C8: a file libcst takes many seconds on (calls nested 150 deep, many times over) is stopped at
    --max-file-seconds even inside libcst's native parse, which no Python signal handler interrupts."""
    nested = "torch.abs(" * 150 + "w" + ")" * 150
    (tmp_path / "slow.py").write_text(LEAF + "".join(f"x{n} = {nested}\n" for n in range(40)))
    (tmp_path / "leaf.py").write_text(LEAF)
    started = time.monotonic()
    result = tensorlens("check", ".", "--max-file-seconds", "1", cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert result.returncode == 2
    assert lines(result.stdout)[0].startswith("leaf.py:3:1: TL101 ")
    assert lines(result.stderr) == ["tensorlens: slow.py: not analyzed: the analysis took more than 1 s of CPU time "
                                    "(max-file-seconds); skipped"]


def test_the_cpu_limit_in_the_checking_process_stops_python_code():
    """C8, where no worker process can be forked: the Python part of an analysis is stopped."""
    started = time.process_time()
    with pytest.raises(TimeLimitExceeded):
        with cpu_time_limit(0.2, hard=False):
            while True:
                pass
    assert time.process_time() - started < 5


def test_unreadable_files_and_folders_are_errors_that_say_so(tmp_path: Path):
    """W2: an unreadable folder was skipped in silence (exit 0) and an unreadable file printed "All checks
    passed" (exit 2). Permissions are enforced even for root (its override capabilities dropped)."""
    (tmp_path / "secret.py").write_text(LEAF)
    (tmp_path / "secret.py").chmod(0)
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "inside.py").write_text(LEAF)
    (tmp_path / "private").chmod(0)
    (tmp_path / "clean.py").write_text("x = 1\n")
    try:
        result = tensorlens("check", ".", "--no-cache", cwd=tmp_path, modes_enforced=True)
    finally:
        (tmp_path / "private").chmod(0o755)
    assert result.returncode == 2
    assert lines(result.stderr) == [
        "tensorlens: private: cannot read this folder: Permission denied; the files in it are not checked",
        "tensorlens: secret.py: cannot read: Permission denied",
    ]
    assert lines(result.stdout) == ["No findings in 2 files, but 2 errors (on stderr): not everything was checked."]

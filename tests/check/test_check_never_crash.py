"""A failure on one file is a clear diagnostic naming the file and the rule; the run goes on; exit code 2.

Includes the contract's "never crash on input" check over every ``.py`` file
of the installed torch package.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from check_helpers import LEAF_BUG, write

import tensorlens.rules as rules_package
from tensorlens.analysis import engine
from tensorlens.analysis.rule_api import Rule
from tensorlens.check import runner
from tensorlens.check.runner import decode_source
from tensorlens.cli import main


class DeliberatelyBroken(Rule):
    """Raises on every call it is shown (an injected bug)."""

    code = "TL102"
    triggers = ("torch",)

    def on_call(self, event):
        raise ZeroDivisionError("deliberately broken")


class BrokenMessage(Rule):
    """Reports every call, with a message that fails only when rendered."""

    code = "TL103"
    triggers = ("torch",)

    def on_call(self, event):
        self.report(event.node, lambda line_of: 1 / 0)


@pytest.fixture()
def project(tmp_path):
    return write(tmp_path, {"a_bug.py": LEAF_BUG, "b_clean.py": "x = 1\n", "c_bug.py": LEAF_BUG + "# other\n"})


def with_extra_rules(monkeypatch, *extra):
    real = rules_package.select_rules

    def select_rules(codes=None):
        return real(codes) + [rule for rule in extra if codes is None or rule.code in codes]

    monkeypatch.setattr(rules_package, "select_rules", select_rules)


def run_main(capsys, *args):
    code = main(["check", *map(str, args), "--no-cache", "--jobs", "1"])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_broken_rule_is_named_and_the_run_goes_on(project, monkeypatch, capsys):
    with_extra_rules(monkeypatch, DeliberatelyBroken)
    code, out, err = run_main(capsys, project)
    assert code == 2
    assert out.count("TL101") == 2  # the other rules still ran, on every file
    errors = err.splitlines()
    assert len(errors) == 2
    for name, line in zip(("a_bug.py", "c_bug.py"), errors):
        assert re.fullmatch(rf"tensorlens: \S*{name}: internal error in rule TL102: ZeroDivisionError: deliberately "
                            rf"broken \(test_check_never_crash.py:\d+\)", line), line
    assert "Traceback" not in err


def test_a_message_that_fails_to_render(project, monkeypatch, capsys):
    with_extra_rules(monkeypatch, BrokenMessage)
    code, out, err = run_main(capsys, project / "a_bug.py")
    assert code == 2 and "TL101" in out
    assert "a_bug.py: internal error in rule TL103: ZeroDivisionError" in err


def test_an_engine_failure_is_named(project, monkeypatch, capsys):
    def explode(self):
        raise KeyError("no such fact")

    monkeypatch.setattr(engine.Interpreter, "run", explode)
    code, out, err = run_main(capsys, project)
    assert code == 2
    assert "a_bug.py: internal error in the engine: KeyError: 'no such fact'" in err
    assert "b_clean.py" not in err  # skipped by the textual pre-check: never reached the engine


def test_an_escaping_exception_is_caught_by_the_runner(project, monkeypatch, capsys):
    def explode(*args, **kwargs):
        raise RuntimeError("escaped the engine")

    monkeypatch.setattr(engine, "analyze_source", explode)
    code, out, err = run_main(capsys, project)
    assert code == 2
    assert len([line for line in err.splitlines() if "internal error while checking: RuntimeError" in line]) == 3


def test_deep_nesting_gives_up_cleanly(tmp_path, capsys):
    source = "import torch\nx = torch.ones(1)" + "[0]" * 400 + "\n"
    write(tmp_path, {"deep.py": source, "bug.py": LEAF_BUG})
    code, out, err = run_main(capsys, tmp_path)
    assert code in (1, 2) and "bug.py:3:1: TL101" in out and "Traceback" not in err


def test_a_worker_that_dies_is_blamed_and_the_rest_is_checked(project, monkeypatch):
    real = runner.check_file

    def dies_on_a(display, path, codes, *limits):
        if display.endswith("a_bug.py"):
            os._exit(3)
        return real(display, path, codes, *limits)

    monkeypatch.setattr(runner, "check_file", dies_on_a)
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD_BYTES", 0)
    from tensorlens.catalogue import CATALOGUE
    from tensorlens.project.files import collect_files

    files = collect_files([str(project)])
    checked = runner.check_files(files, [frozenset(CATALOGUE)] * len(files), jobs=2)
    assert [c.path.rsplit("/", 1)[-1] for c in checked] == ["a_bug.py", "b_clean.py", "c_bug.py"]
    assert "the analyzer process died on this file" in checked[0].internal_errors[0]
    assert [f.code for f in checked[2].findings] == ["TL101"] and not checked[2].internal_errors


def test_unreadable_and_undecodable_files(tmp_path, capsys):
    """W1: a file Python cannot decode is a TL000 in Python's words; a dangling link an error for that file."""
    write(tmp_path, {"bug.py": LEAF_BUG})
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nimport torch\nname = '\xe9'\n")
    (tmp_path / "bad.py").write_bytes(b"import torch\nname = '\xe9'\n")
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + LEAF_BUG.encode())
    (tmp_path / "cookie.py").write_bytes(b"# -*- coding: klingon -*-\nx = 1\n")
    (tmp_path / "binary.py").write_bytes(bytes(range(256)) * 4)
    os.symlink(tmp_path / "missing", tmp_path / "dangling.py")
    code, out, err = run_main(capsys, tmp_path)
    assert code == 2
    assert "bom.py:3:1: TL101" in out and "bug.py:3:1: TL101" in out and "latin.py" not in out + err
    assert re.search(r"bad.py:2:\d+: TL000 syntax error: \(unicode error\) 'utf-8' codec can't decode byte 0xe9", out)
    assert "cookie.py:1:1: TL000 syntax error: unknown encoding: klingon" in out
    assert "binary.py:1:1: TL000 syntax error: source code " in out
    assert "dangling.py: cannot read: No such file or directory" in err
    assert "Traceback" not in err and "All checks passed" not in out


def _torch_folder():
    torch = pytest.importorskip("torch")
    return Path(torch.__path__[0])


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_every_file_of_the_installed_torch_package(tmp_path):
    """SPEC "Never": every .py file of torch is checked with zero internal errors."""
    folder = _torch_folder()
    expected = sorted(str(p) for p in folder.rglob("*.py"))
    result = subprocess.run([sys.executable, "-m", "tensorlens", "check", str(folder), "--no-cache"],
                            capture_output=True, text=True, timeout=1100)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-3000:]
    assert result.stderr == "", result.stderr[-3000:]
    summary = result.stdout.splitlines()[-1]
    checked = int(re.search(r"(\d+) files?", summary).group(1))
    assert checked == len(expected), summary
    syntax_errors = {line.split(":")[0] for line in result.stdout.splitlines() if ": TL000 " in line}
    for path in syntax_errors:
        with open(path, "rb") as handle:
            source = decode_source(handle.read())
        with pytest.raises((SyntaxError, ValueError)):
            compile(source, path, "exec", dont_inherit=True)


def test_a_deep_loop_nest_is_analyzed_not_iterated_exponentially(tmp_path, capsys):
    """Regression (found by fuzzing): every level of a loop nest iterating to its own fixed point never finished."""
    depth = 30
    source = ("import torch\nimport torch.nn as nn\nmodel = nn.Linear(2, 2)\n"
              + "".join("    " * d + "for epoch in range(3):\n" for d in range(depth))
              + "    " * depth + "for p in model.parameters():\n" + "    " * (depth + 1) + "p.add_(1)\n")
    write(tmp_path, {"nest.py": source})
    code, out, err = run_main(capsys, tmp_path / "nest.py")
    assert code == 1 and f"nest.py:{depth + 5}:" in out and " TL101 " in out and err == ""


def test_a_syntax_error_is_placed_where_python_places_it_whether_or_not_the_file_was_skipped():
    """Regression: a file the pre-check did not skip got libcst's position (a line late) and message."""
    source = "import torch\nw = torch.ones(1, requires_grad=True)\ndef f(:\n    pass\n"
    for precheck in (True, False):
        [finding] = engine.analyze_source(source, "broken.py", rules_package.select_rules(), precheck=precheck).findings
        assert (finding.code, finding.span.line, finding.span.column) == ("TL000", 3, 7)
        assert finding.message == "syntax error: invalid syntax"

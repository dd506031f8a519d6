"""What the engine never hands libcst, and indentation only CPython accepts (issue 23: C1, W4)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tensorlens.analysis import guard
from tensorlens.analysis.engine import analyze_source
from tensorlens.analysis.incremental import IncrementalParser
from tensorlens.rules import select_rules
from tensorlens.source_text import lines_without_breaks

RULES = select_rules()
LEAF = "import torch\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n"
NESTED_CALLS = "import torch\nx = " + "f(" * 1_200 + "1" + ")" * 1_200 + "\n"
METHOD_CHAIN = "import torch\nx = torch.ones(1)" + ".add(1)" * 5_000 + "\n"


def python_says(source: str) -> str:
    """What CPython's own parser reports for ``source`` (it must refuse it)."""
    try:
        compile(source, "f.py", "exec", flags=0x400, dont_inherit=True)
    except (SyntaxError, RecursionError) as error:
        return getattr(error, "msg", None) or str(error)
    raise AssertionError("CPython accepts it")


@pytest.mark.parametrize("source", [NESTED_CALLS, METHOD_CHAIN], ids=["1200-nested-calls", "5000-link-chain"])
def test_what_cpython_refuses_is_a_tl000_in_its_words(source: str):
    """C1: these crashed libcst (a segfault) or took it minutes; CPython refuses them at once."""
    for parser in (None, IncrementalParser()):
        result = analyze_source(source, "deep.py", RULES, parser=parser)
        [finding] = result.findings
        assert finding.code == "TL000" and finding.message == f"syntax error: {python_says(source)}"
        assert not result.internal_errors


def test_nesting_cpython_accepts_but_libcst_cannot_afford_is_a_clear_error():
    """C1: a 700-deep subscript chain parses in CPython; libcst would take seconds: refused, named, fast."""
    source = "import torch\nw = torch.ones(3, requires_grad=True)\nx = w" + "[0]" * 700 + "\n"
    compile(source, "f.py", "exec")
    result = analyze_source(source, "deep.py", RULES)
    assert result.findings == []
    assert result.internal_errors == [
        "deep.py: not analyzed: an expression at line 3 nests more than 500 levels deep, more than its parser "
        "can take"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_check_command_survives_both_in_one_process_and_in_workers(tmp_path, jobs: str):
    """C1: the whole run used to die with SIGSEGV (exit 139, no output)."""
    (tmp_path / "nested.py").write_text(NESTED_CALLS)
    (tmp_path / "chain.py").write_text(METHOD_CHAIN)
    (tmp_path / "leaf.py").write_text(LEAF)
    result = subprocess.run([sys.executable, "-m", "tensorlens", "check", ".", "--no-cache", "--jobs", jobs],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("chain.py:1:1: TL000 syntax error: maximum recursion depth exceeded")
    assert lines[1] == "leaf.py:3:1: TL101 " + lines[1].split(" TL101 ", 1)[1]
    assert lines[2] == "nested.py:2:406: TL000 syntax error: too many nested parentheses"
    assert result.stderr == ""


def test_plain_text_skips_cpythons_parse():
    """The guard costs a C-speed scan, not a parse, on ordinary code."""
    assert guard.looks_plain(LEAF)
    assert not guard.looks_plain("x = " + "(" * 60 + ")" * 60)
    assert not guard.looks_plain("x = '" + "a" * 3_000 + "'")
    assert not guard.looks_plain(")" * 100 + "\nx = " + "(" * 60 + ")" * 60)  # stray closers hide nothing


# Indentation CPython reads (a tab goes to the next multiple of 8; consistent with 1-column tabs too) that
# libcst's tokenizer refuses.
TABS_AFTER_SPACES = ("import torch\n"
                     "def f():\n"
                     "    for i in range(2):\n"
                     "\t  \t w = torch.ones(3, requires_grad=True)\n"
                     "\t  \t w.add_(1)\n"
                     "    return w\n")
FORM_FEED = ("import torch\nif True:\n\x0c    if True:\n        w = torch.ones(3, requires_grad=True)\n"
             "        w.add_(1)\n")


@pytest.mark.parametrize("source", [TABS_AFTER_SPACES, FORM_FEED], ids=["tabs-after-spaces", "form-feed"])
def test_indentation_cpython_accepts_is_analyzed_not_a_false_syntax_error(source: str):
    """W4: libcst refused these, which gave a TL000 on a file Python runs."""
    compile(source, "f.py", "exec")
    for parser in (None, IncrementalParser()):
        result = analyze_source(source, "tabs.py", RULES, parser=parser, record_facts=True)
        assert [f.code for f in result.findings] == ["TL101"], result.findings
        [finding] = result.findings
        line = lines_without_breaks(source)[finding.span.line - 1]
        assert line[finding.span.column - 1:finding.span.end_column - 1] == "w.add_(1)"
        assert finding.fix is None and not result.internal_errors

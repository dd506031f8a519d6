"""Hypothesis over hostile sources, file names and messages.

Sources are real PyTorch programs (samples/) with hostile ingredients mixed
in: brackets and calls nested past CPython's limit or just under it, method
chains thousands of links long, indentation made of tabs after spaces and form
feeds, line separators, control characters and NUL bytes. Whatever they hold:

* no exception escapes the engine (plain or incremental), and it never
  reports a TL000 on a text CPython accepts (W4); where CPython refuses a
  nesting or a chain, the TL000 is CPython's, at CPython's position (C1);
* ``--fix`` (unsafe fixes included) never turns a text CPython accepts into one
  it refuses;
* every output format stays what it promises for any file name and message:
  text and GitHub output hold no control character, JSON and SARIF are valid
  UTF-8 that give the file name's bytes back (S2, C5).

The other guarantees on sources (mutations of every kind, raw bytes, the
command's exit codes) are in tests/check/test_check_fuzz.py.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensorlens.analysis.engine import analyze_source
from tensorlens.analysis.guard import python_error
from tensorlens.analysis.incremental import IncrementalParser
from tensorlens.fix.session import analyzer, fix_source
from tensorlens.report.github import render_github
from tensorlens.report.json_format import render_json
from tensorlens.report.sarif import render_sarif
from tensorlens.report.text import render_text
from tensorlens.results import Finding, Span
from tensorlens.rules import select_rules

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [p.read_text() for p in sorted((ROOT / "samples").glob("*.py"))]
RULES = select_rules()
# Internal errors a hostile text may rightly get: a clear "not analyzed" naming why.
ALLOWED = ("not analyzed: an expression at line", "the engine gave up: the file nests too deeply",
           "not analyzed: Python accepts it, but the analyzer's parser (libcst) does not")

nesting = st.tuples(st.sampled_from(["f(", "(", "[", "{1: ", "torch.abs("]),
                    st.one_of(st.integers(1, 40), st.integers(201, 1_300)))
chain = st.tuples(st.sampled_from([".add(1)", "[0]", ".cuda()", "()"]), st.one_of(st.integers(1, 150),
                                                                                 st.integers(5_000, 6_000)))
indentation = st.sampled_from([
    "def f():\n    for i in range(2):\n\t  \t w = torch.ones(3, requires_grad=True)\n\t  \t w.add_(1)\n    return w\n",
    "if True:\n\x0c    if True:\n        w = torch.ones(3, requires_grad=True)\n        w.add_(1)\n",
    "if True:\n\tw = torch.ones(3, requires_grad=True)\n        w.add_(1)\n",
    "if True:\n        w = torch.ones(3)\n\tw.add_(1)\n",  # tabs after spaces CPython refuses (TabError)
])
odd_char = st.sampled_from(["\x00", "\x1b", "\x07", "\x0c", "\x0b", "\u2028", "\u2029", "\x85", "\t", "\r", "\ufeff"])


@st.composite
def hostile_source(draw: Any) -> str:
    source = draw(st.sampled_from(SEEDS))
    lines = source.splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["nesting", "chain", "indentation", "char"]))
        at = draw(st.integers(0, len(lines)))
        if kind == "nesting":
            opener, depth = draw(nesting)
            closer = {"f(": ")", "(": ")", "[": "]", "{1: ": "}", "torch.abs(": ")"}[opener]
            lines.insert(at, "x = " + opener * depth + "w" + closer * depth + "\n")
        elif kind == "chain":
            link, length = draw(chain)
            lines.insert(at, "x = torch.ones(1)" + link * length + "\n")
        elif kind == "indentation":
            lines.insert(at, draw(indentation))
        else:
            line = lines[min(at, len(lines) - 1)]
            column = draw(st.integers(0, len(line)))
            lines[min(at, len(lines) - 1)] = line[:column] + draw(odd_char) + line[column:]
    return "".join(lines)


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(source=hostile_source())
def test_the_engine_agrees_with_cpython_on_what_does_not_parse(source: str):
    python = python_error(source, "fuzz.py")
    for parser in (None, IncrementalParser()):
        result = analyze_source(source, "fuzz.py", RULES, parser=parser)
        syntax = [f for f in result.findings if f.code == "TL000"]
        if python is None:
            assert not syntax, (syntax, source[:300])  # never a false TL000 (W4)
        elif syntax:
            [finding] = syntax
            assert (finding.span.line, finding.span.column) == (python.line, python.column)
            assert finding.message == f"syntax error: {python.message}"
        else:  # CPython refuses what libcst accepted: only ever something other than depth
            assert "nested" not in python.message and "recursion" not in python.message, python
        unexpected = [e for e in result.internal_errors if not any(allowed in e for allowed in ALLOWED)]
        assert not unexpected, unexpected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=hostile_source())
def test_a_fix_never_breaks_a_file_cpython_accepts(source: str):
    if python_error(source, "fuzz.py") is not None:
        return
    fixed = fix_source(source, "fuzz.py", analyzer("fuzz.py"), unsafe=True)
    assert python_error(fixed.text, "fuzz.py") is None, fixed.text


file_name = st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\0" not in b).map(os.fsdecode)
message = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs", "Cc", "Zl", "Zp"]),
                  max_size=40)


def terminal_safe(text: str) -> bool:
    """Nothing but printable characters and the line ends the format itself writes."""
    return all(char == "\n" or unicodedata.category(char) not in ("Cc", "Cs", "Zl", "Zp") for char in text)


@settings(max_examples=150, deadline=None)
@given(names=st.lists(file_name, min_size=1, max_size=3), text=message)
def test_every_format_is_safe_for_any_file_name_and_message(names: list[str], text: str):
    findings = [Finding(name, Span(1, 1, 1, 2), "TL101", text) for name in names]
    assert terminal_safe(render_text(findings, len(names)))
    assert terminal_safe(render_github(findings))
    for rendered in (render_json(findings), render_sarif(findings, internal_errors=[f"{names[0]}: {text}"])):
        rendered.encode("utf-8")  # strict: no lone surrogate left
        json.loads(rendered)
    decoded = json.loads(render_json(findings))
    assert [os.fsencode(item["path"]) for item in decoded] == [os.fsencode(name) for name in names]
    assert [item["message"] for item in decoded] == [text] * len(names)
    sarif = json.loads(render_sarif(findings))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]]
    assert all(uri.isascii() and uri.isprintable() for uri in uris)

"""Shared checks for fix tests: apply a rule's fix to a snippet and hold it to the contract.

Every fix must give text that parses, change nothing outside its edits (every
comment survives), make its finding go away without a new one appearing, and
change nothing when applied a second time. Positive snippets that can run on
CPU also run, before (to raise PyTorch's error) and after (to compute the
intended values); ``meta`` stands in for cuda as in the rule tests.
"""

from __future__ import annotations

import re
import textwrap
import tokenize
from collections import Counter
from io import StringIO
from typing import Any, Optional

import libcst as cst

from tensorlens.analysis.engine import analyze_source
from tensorlens.fix.session import FixedFile, analyzer, fix_source
from tensorlens.results import Finding
from tensorlens.rules import select_rules


def dedent(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def findings(source: str, code: Optional[str] = None) -> list[Finding]:
    result = analyze_source(source, "snippet.py", select_rules())
    assert not result.internal_errors, result.internal_errors
    return [f for f in result.findings if code is None or f.code == code]


def fix(source: str, code: Optional[str] = None, unsafe: bool = False) -> FixedFile:
    """``source`` after ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``), only ``code``'s fixes."""
    result = fix_source(source, "snippet.py", analyzer("snippet.py", None if code is None else [code]), unsafe)
    assert not result.internal_errors, result.internal_errors
    return result


def comments(source: str) -> list[str]:
    tokens = tokenize.generate_tokens(StringIO(source).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


def check_fix(before: str, after: str, code: str, unsafe: bool = False) -> FixedFile:
    """Fix ``before`` (dedented) and hold the result to the contract; it must equal ``after``."""
    before, after = dedent(before), dedent(after)
    found = findings(before)
    assert any(f.code == code and f.fix is not None for f in found), f"no {code} fix offered: {found}"
    if not unsafe:
        assert fix(before, code).text == after, "the fix must be safe"
    else:
        assert fix(before, code).text == before, "an unsafe fix must need --unsafe-fixes"
    result = fix(before, code, unsafe)
    assert result.text == after
    cst.parse_module(result.text)
    compile(result.text, "fixed.py", "exec")
    assert Counter(comments(result.text)) == Counter(comments(before))
    assert not [f for f in result.remaining if f.code == code], result.remaining
    left = Counter(f.code for f in found) - Counter(f.code for f in result.fixed)
    assert Counter(f.code for f in result.remaining) <= left, "the fix made a new finding"
    again = fix(result.text, code, unsafe)
    assert again.text == result.text and not again.fixed, "fixing twice must change nothing"
    return result


def check_no_fix(source: str, code: str) -> None:
    """The finding is there, but no fix is offered (none is certain)."""
    source = dedent(source)
    found = findings(source, code)
    assert found, f"expected a {code} finding"
    assert all(f.fix is None for f in found), [f.fix for f in found]


def run_torch(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__snippet__"}
    exec(compile(dedent(source), "snippet.py", "exec"), namespace)
    return namespace


def as_meta(source: str) -> str:
    """The snippet with cuda replaced by the ``meta`` device."""
    source = dedent(source).replace("torch.cuda.is_available()", "True")
    source = re.sub(r"\.cuda\(\)", '.to("meta")', source)
    return re.sub(r"""(["'])cuda(:\d+)?\1""", r"\1meta\1", source)

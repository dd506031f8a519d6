"""Shared helpers for rule tests: analyze a snippet, and run it with real torch.

Positive cases are run to prove the pitfall is real. There is no CUDA here, so
``as_meta`` rewrites a snippet to use the ``meta`` device where the original
uses CUDA: meta raises PyTorch's device errors for the ops these tests use.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, Optional

from tensorlens.analysis.engine import analyze_source
from tensorlens.results import Finding
from tensorlens.rules import select_rules


def findings(source: str, code: Optional[str] = None) -> list[Finding]:
    """Findings for a snippet (only ``code``'s when given); fails on internal errors."""
    result = analyze_source(textwrap.dedent(source), "snippet.py", select_rules())
    assert not result.internal_errors, result.internal_errors
    return [f for f in result.findings if code is None or f.code == code]


def run_torch(source: str) -> dict[str, Any]:
    """Execute a snippet with real torch in a fresh namespace and return it."""
    namespace: dict[str, Any] = {"__name__": "__snippet__"}
    exec(compile(textwrap.dedent(source), "snippet.py", "exec"), namespace)
    return namespace


def as_meta(source: str) -> str:
    """The snippet with CUDA replaced by the ``meta`` device (see module docstring)."""
    source = textwrap.dedent(source)
    source = source.replace("torch.cuda.is_available()", "True")
    source = re.sub(r"\.cuda\(\)", '.to("meta")', source)
    source = re.sub(r"""(["'])cuda(:\d+)?\1""", r'\1meta\1', source)
    return source


def program(*parts: str) -> str:
    """Join snippet parts, each dedented on its own (a prelude plus a case)."""
    return "\n".join(textwrap.dedent(part).strip("\n") for part in parts) + "\n"

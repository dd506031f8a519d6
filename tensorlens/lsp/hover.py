"""Hovers: what the engine inferred for a name, and a rule's documentation in a suppression comment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

from lsprotocol import types

from tensorlens import rule_docs as docs
from tensorlens.catalogue import CATALOGUE
from tensorlens.lsp.positions import to_range
from tensorlens.lsp.worker import FactRow
from tensorlens.results import Fact, FileAnalysis, Span

# `# tensorlens: ignore[TL101, TL201]`, `# tensorlens: ignore-file[TL101]`, or a noqa comment naming codes
_SUPPRESSION = re.compile(r"#\s*(?:tensorlens:\s*ignore(?:-file)?\s*\[[^\]]*\]|noqa\s*:[^#]*)", re.IGNORECASE)
_CODE = re.compile(r"\bTL\d{3}\b", re.IGNORECASE)
# Bare kinds a Python language server already shows better: no hover unless a fact comes with them.
_UNINFORMATIVE = {"object", "number", "sequence", "mapping", "class", "function"}


class FactIndex:
    """A document version's facts, looked up by position with the engine's own rule."""

    def __init__(self, rows: Sequence[FactRow]):
        self._analysis = FileAnalysis("", facts=[Fact(Span(*row[:4]), row[4], row[5]) for row in rows])

    def at(self, line: int, column: int) -> Optional[Fact]:
        fact = self._analysis.facts_at(line, column)
        return None if fact is None or fact.description in _UNINFORMATIVE else fact


def fact_hover(fact: Fact, lines: Sequence[str], encoding: str) -> types.Hover:
    kind, *facts = fact.description.split(" · ")
    text = f"**`{fact.text}`**: {kind}"
    if facts:
        text += "\n\n" + "\n".join(f"- {item}" for item in facts)
    text += "\n\n*TensorLens: what the static analysis knows at this point*"
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=to_range(lines, fact.span, encoding))


def suppressed_code_at(line_text: str, column: int) -> Optional[tuple[str, int, int]]:
    """The rule code under a 1-based column inside a suppression comment: (code, start, end), 1-based."""
    for comment in _SUPPRESSION.finditer(line_text):
        for code in _CODE.finditer(comment.group(0)):
            start = comment.start() + code.start() + 1
            end = comment.start() + code.end() + 1
            if start <= column <= end and code.group(0).upper() in CATALOGUE:
                return code.group(0).upper(), start, end
    return None


def rule_documentation(code: str) -> str:
    """The Markdown `tensorlens explain CODE` prints, under a smaller title, with a link to the rule's page."""
    info = CATALOGUE[code]
    title = f"### {info.code} {info.name} ({info.severity.value})\n\n"
    return f"{title}{docs.rule_documentation(code)}\n\n[Documentation]({info.help_uri})"


def rule_hover(code: str, line: int, start: int, end: int, lines: Sequence[str], encoding: str) -> types.Hover:
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=rule_documentation(code)),
                       range=to_range(lines, Span(line, start, line, end), encoding))

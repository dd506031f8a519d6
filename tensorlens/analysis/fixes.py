"""Fix resolution: the edits a rule proposed on syntax nodes, turned into text edits after the walk.

Rules propose :class:`~tensorlens.analysis.rule_api.FixProposal` objects on
nodes while the engine walks; positions and source text exist only once the
walk is over, and only reported findings need them, so the engine resolves
the proposals here, at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional, Protocol

import libcst as cst
from libcst.metadata import CodeRange

from tensorlens.analysis.rule_api import Edit, FixProposal
from tensorlens.analysis.wrap import wrap_statement
from tensorlens.results import Fix, Span, TextEdit
from tensorlens.source_text import split_lines

SpanOf = Callable[[cst.CSTNode], Span]


class NodePositions(Protocol):
    """Where each node of a parsed file is: libcst's PositionProvider mapping, or the editor's per-statement one."""

    def __getitem__(self, node: cst.CSTNode) -> CodeRange: ...


class FixSources:
    """Source text for fix edits, generated only for the findings that carry one.

    ``code`` is the file's own text when the caller has checked that it is what
    libcst's positions count in (a split source); otherwise libcst's code is used,
    which is the source itself unless libcst failed to round-trip it (whitespace
    before a line continuation).
    """

    def __init__(self, module: cst.Module, code: Optional[str], positions: NodePositions):
        self.module = module
        self.code = code
        self.positions = positions
        self._lines: Optional[list[str]] = None

    def code_of(self, node: cst.CSTNode) -> str:
        """The source text of ``node``."""
        return self.module.code_for_node(node)

    @property
    def lines(self) -> list[str]:
        """The file's lines, each with its line ending."""
        if self._lines is None:
            self._lines = split_lines(self.code if self.code is not None else self.module.code)
        return self._lines

    def string_lines(self, node: cst.CSTNode) -> set[int]:
        """Lines that begin inside a multi-line string under ``node``."""
        inside: set[int] = set()
        pending = [node]
        while pending:
            current = pending.pop()
            if isinstance(current, (cst.SimpleString, cst.FormattedString)):
                where = self.positions[current]
                inside.update(range(where.start.line + 1, where.end.line + 1))
            else:
                pending.extend(current.children)
        return inside


def resolve_fix(proposal: FixProposal, span_of: SpanOf, sources: FixSources) -> Optional[Fix]:
    """The proposal as text edits; None when one of its edits cannot be made here, or it has none
    (a rule may withdraw a fix it proposed once later events show it wrong)."""
    edits = []
    for edit in proposal.edits:
        resolved = _resolve_edit(edit, span_of, sources)
        if resolved is None:
            return None
        edits.append(resolved)
    return Fix(proposal.description, proposal.safe, tuple(edits)) if edits else None


def _resolve_edit(edit: Edit, span_of: SpanOf, sources: FixSources) -> Optional[TextEdit]:
    span = span_of(edit.node)
    text = edit.text if isinstance(edit.text, str) else edit.text(sources.code_of)
    if edit.mode == "before":
        span = Span(span.line, span.column, span.line, span.column)
    elif edit.mode == "after":
        span = Span(span.end_line, span.end_column, span.end_line, span.end_column)
    elif edit.mode == "wrap":
        wrapped = wrap_statement(sources.lines, span.line, span.column, span.end_line, text,
                                 sources.module.default_indent, sources.string_lines(edit.node))
        if wrapped is None:
            return None
        end_column, text = wrapped
        span = Span(span.line, span.column, span.end_line, end_column)
    return TextEdit(span, text)

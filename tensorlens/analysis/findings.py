"""What the engine reports, as plain data: spans, findings, fixes.

Kept apart from the engine so that reading results back (the ``check``
cache, the output formats) never imports libcst.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from tensorlens.catalogue import CATALOGUE


@dataclass(frozen=True)
class Span:
    """A 1-based source range; ``end_column`` is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, line: int, column: int) -> bool:
        if (line, column) < (self.line, self.column):
            return False
        return (line, column) < (self.end_line, self.end_column)


@dataclass(frozen=True)
class TextEdit:
    """A resolved fix edit: replace ``span`` with ``text``."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    description: str
    safe: bool
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True)
class Finding:
    """One diagnostic, ready for any output format."""

    path: str
    span: Span
    code: str
    message: str
    related: tuple[Related, ...] = ()
    fix: Optional[Fix] = None

    @property
    def name(self) -> str:
        return CATALOGUE[self.code].name

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity.value

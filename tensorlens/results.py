"""What TensorLens reports, as plain data: spans, findings, fixes, hover facts, comment warnings.

The bottom of the static stack: every face (``check``, the cache, the output
formats, the language server) and the runtime sanitizer's report read these
records, and importing them never imports libcst or torch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    """Another place a finding's facts come from; ``path`` is set when it is in another file of the project."""

    span: Span
    message: str
    path: Optional[str] = None


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


@dataclass(frozen=True)
class DirectiveWarning:
    """A problem with a suppression comment, reported as ``path:line:column: warning: message``."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Fact:
    """What the engine inferred for an expression, for hovers."""

    span: Span
    text: str
    description: str
    shape: Optional[str] = None  # a tensor's shape (``[B, 10]``) or an int's size, short, for inlay hints


@dataclass
class FileAnalysis:
    """Everything the engine found in one file."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    skipped: bool = False

    def facts_at(self, line: int, column: int) -> Optional[Fact]:
        """The innermost fact whose span holds the 1-based position."""
        best: Optional[Fact] = None
        for fact in self.facts:
            if fact.span.contains(line, column):
                if best is None or (fact.span.line, fact.span.column) >= (best.span.line, best.span.column):
                    best = fact
        return best

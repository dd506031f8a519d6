"""Applying the fixes of many findings to one text in a single pass.

A fix is all or nothing: either every edit of it is applied or none is. Fixes
are taken in source order; one whose edits overlap or touch an edit already
taken is left for a later pass (the re-check proposes it again on the new
text), so the text is never corrupted. Two findings that propose the very same
edit (TL203 and TL302 both turning ``t.numpy()`` into
``t.detach().cpu().numpy()``) share it: it is applied once and both count as fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tensorlens.results import Finding, Span, TextEdit
from tensorlens.source_text import split_lines


@dataclass(frozen=True)
class _Change:
    start: int
    end: int
    text: str

    def clashes_with(self, other: _Change) -> bool:
        """Overlapping or touching edits could be applied in either order: not both in one pass."""
        if self == other:
            return False
        return self.start <= other.end and other.start <= self.end


@dataclass
class AppliedFixes:
    """The text after one pass, and which findings' fixes made it."""

    text: str
    fixed: list[Finding] = field(default_factory=list)
    deferred: list[Finding] = field(default_factory=list)  # clashed with an earlier fix this pass


class Offsets:
    """Turns 1-based (line, column) positions into offsets into one text."""

    def __init__(self, source: str):
        self.length = len(source)
        self.starts = [0]
        for line in split_lines(source):
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, column: int) -> int:
        if not 1 <= line <= len(self.starts) or column < 1:
            raise ValueError(f"position {line}:{column} is outside the text")
        offset = self.starts[line - 1] + column - 1
        limit = self.starts[line] if line < len(self.starts) else self.length
        if offset > limit:
            raise ValueError(f"position {line}:{column} is past the end of its line")
        return offset

    def change(self, edit: TextEdit) -> _Change:
        span: Span = edit.span
        start, end = self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)
        if end < start:
            raise ValueError(f"edit ends before it starts: {span}")
        return _Change(start, end, edit.text)


def apply_fixes(source: str, findings: Sequence[Finding]) -> AppliedFixes:
    """Apply the fixes of ``findings`` (those without one are ignored) to ``source``."""
    offsets = Offsets(source)
    proposals = []
    for order, finding in enumerate(findings):
        if finding.fix is None or not finding.fix.edits:
            continue
        changes = sorted({offsets.change(edit) for edit in finding.fix.edits}, key=lambda c: (c.start, c.end))
        proposals.append((changes[0].start, order, finding, changes))
    proposals.sort(key=lambda item: (item[0], item[1]))
    taken: list[_Change] = []
    result = AppliedFixes(source)
    for _, _, finding, changes in proposals:
        if any(change.clashes_with(other) for change in changes for other in taken):
            result.deferred.append(finding)
            continue
        taken.extend(change for change in changes if change not in taken)
        result.fixed.append(finding)
    pieces, cursor = [], 0
    for change in sorted(taken, key=lambda c: (c.start, c.end)):
        pieces.append(source[cursor:change.start])
        pieces.append(change.text)
        cursor = change.end
    pieces.append(source[cursor:])
    result.text = "".join(pieces)
    return result

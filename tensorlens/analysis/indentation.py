"""Indentation libcst cannot parse but CPython accepts: tabs after spaces, form feeds.

CPython reads a tab in indentation as "to the next multiple of 8" and a form
feed as "back to column 0" (and checks that the result would be the same with
1-column tabs); libcst's tokenizer refuses some mixes CPython accepts, which
made a valid file a false TL000. Such a file is analyzed as the same text
with every line's leading whitespace written as the spaces CPython counts,
and each position found is mapped back to the original line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from tensorlens.results import Fact, FileAnalysis, Finding, Related, Span
from tensorlens.source_text import line_content, line_ending, split_lines

TAB_SIZE = 8


@dataclass(frozen=True)
class ExpandedIndentation:
    """The text with its indentation in spaces, and each changed line's (original, expanded) indent width."""

    text: str
    widths: dict[int, tuple[int, int]]  # 1-based line -> (characters before, spaces after)

    def column(self, line: int, column: int) -> int:
        """The original 1-based column of a 1-based column on ``line`` of the expanded text."""
        before, after = self.widths.get(line, (0, 0))
        offset = column - 1
        if offset >= after:
            return offset - after + before + 1
        return min(offset, before) + 1

    def span(self, span: Span) -> Span:
        return Span(span.line, self.column(span.line, span.column),
                    span.end_line, self.column(span.end_line, span.end_column))


def expand_indentation(source: str) -> Optional[ExpandedIndentation]:
    """``source`` with tabs and form feeds in indentation replaced by spaces; None when there are none."""
    lines = split_lines(source)
    widths: dict[int, tuple[int, int]] = {}
    for number, line in enumerate(lines, start=1):
        content = line_content(line)
        indent = content[:len(content) - len(content.lstrip(" \t\f"))]
        if "\t" not in indent and "\f" not in indent:
            continue
        column = 0
        for char in indent:
            if char == "\t":
                column = (column // TAB_SIZE + 1) * TAB_SIZE
            elif char == "\f":
                column = 0
            else:
                column += 1
        lines[number - 1] = " " * column + content[len(indent):] + line_ending(line)
        widths[number] = (len(indent), column)
    if not widths:
        return None
    return ExpandedIndentation("".join(lines), widths)


def map_back(analysis: FileAnalysis, expanded: ExpandedIndentation) -> FileAnalysis:
    """The analysis of the expanded text, with positions on the original text.

    Fixes are dropped: their text was computed from the expanded lines and
    would write spaces where the file has tabs.
    """
    result = FileAnalysis(analysis.path, internal_errors=list(analysis.internal_errors), skipped=analysis.skipped)
    result.findings = [_finding(finding, expanded) for finding in analysis.findings]
    result.facts = [Fact(expanded.span(fact.span), fact.text, fact.description) for fact in analysis.facts]
    return result


def _finding(finding: Finding, expanded: ExpandedIndentation) -> Finding:
    related = tuple(Related(expanded.span(r.span), r.message) for r in finding.related)
    return replace(finding, span=expanded.span(finding.span), related=related, fix=None)

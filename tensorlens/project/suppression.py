"""Suppression comments: ``# tensorlens: ignore[...]``, ``# noqa: ...`` and ``# tensorlens: ignore-file``.

Suppressions apply after analysis, from the comments alone: a file's comments
are read with :mod:`tokenize` (so a ``#`` inside a string is never taken for
one), and only when the file has findings or looks like it holds one of our
directives. A line directive covers a finding on its own line, or on the first
or last line of the logical line (statement or compound-statement header) the
finding starts in, so a multi-line call can carry its comment after the
closing parenthesis. Problems with a directive (an unknown code, a misplaced
``ignore-file``) are warnings, never silently accepted.
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Optional

from tensorlens.catalogue import CATALOGUE
from tensorlens.results import DirectiveWarning, Finding
from tensorlens.source_text import LINE_BREAK

FILE_DIRECTIVE_LINES = 10
"""``ignore-file`` counts only in this many first lines, like a shebang or an encoding cookie."""

ALL_CODES: frozenset[str] = frozenset()
"""In a directive's code set: every code (a bare ``ignore`` or ``noqa``)."""

_OURS = re.compile(r"#\s*tensorlens\s*:\s*(?P<word>[\w-]*)(?P<codes>\[[^\]]*\]?)?")
_NOQA = re.compile(r"#\s*noqa(?![\w-])(?P<colon>\s*:\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)?)?",
                   re.IGNORECASE)
_CODE_SPLIT = re.compile(r"[\s,]+")
# Cheap tests on the whole text before any tokenizing.
_ANY_DIRECTIVE = re.compile(r"tensorlens\s*:|noqa", re.IGNORECASE)
_CHECKABLE_DIRECTIVE = re.compile(r"tensorlens\s*:|noqa\s*:[^\n]*\bTL", re.IGNORECASE)


@dataclass
class Suppressions:
    """The directives of one file: which codes each line ignores, and the file-wide ones."""

    # line -> codes ignored there (ALL_CODES: all of them)
    lines: dict[int, frozenset[str]] = field(default_factory=dict)
    file_codes: Optional[frozenset[str]] = None  # None: no ignore-file; ALL_CODES: the whole file
    warnings: list[DirectiveWarning] = field(default_factory=list)
    # (first, last) line of each logical line that spans several physical lines, sorted
    statements: list[tuple[int, int]] = field(default_factory=list)

    def ignores_file(self) -> bool:
        return self.file_codes == ALL_CODES

    def suppresses(self, finding: Finding) -> bool:
        if self.file_codes is not None and _covers(self.file_codes, finding.code):
            return True
        line = finding.span.line
        for candidate in (line, *self._statement_ends(line)):
            codes = self.lines.get(candidate)
            if codes is not None and _covers(codes, finding.code):
                return True
        return False

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if not self.suppresses(f)]

    def _statement_ends(self, line: int) -> tuple[int, ...]:
        index = bisect.bisect_right(self.statements, (line, float("inf"))) - 1
        if index >= 0:
            first, last = self.statements[index]
            if first <= line <= last:
                return first, last
        return ()


def _covers(codes: frozenset[str], code: str) -> bool:
    return codes == ALL_CODES or code in codes


def needs_scan(text: str, has_findings: bool) -> bool:
    """Must this file's comments be read? Only when there is something to suppress or to warn about."""
    pattern = _ANY_DIRECTIVE if has_findings else _CHECKABLE_DIRECTIVE
    return pattern.search(text) is not None


def file_directive(text: str) -> Suppressions:
    """Only the ``ignore-file`` directive of the first lines (read before analysis, to skip work)."""
    head = "\n".join(LINE_BREAK.split(text, maxsplit=FILE_DIRECTIVE_LINES)[:FILE_DIRECTIVE_LINES])
    if "ignore-file" not in head:
        return Suppressions()
    found = Suppressions()
    for line, column, comment in _comments(head, keep_going=False):
        _read_comment(found, line, column, comment)
    found.lines.clear()
    found.warnings.clear()  # the full scan after analysis reports them, once
    return found


def scan(text: str) -> Suppressions:
    """Every directive in ``text``, its warnings, and its multi-line logical lines."""
    found = Suppressions()
    for line, column, comment in _comments(text, keep_going=True, statements=found.statements):
        _read_comment(found, line, column, comment)
    return found


def _read_comment(found: Suppressions, line: int, column: int, comment: str) -> None:
    for match in _OURS.finditer(comment):
        where = column + match.start()
        word, bracket = match.group("word"), match.group("codes")
        if word not in ("ignore", "ignore-file"):
            found.warnings.append(DirectiveWarning(
                line, where, f"unknown directive `tensorlens: {word}` (expected `ignore` or `ignore-file`)"))
            continue
        codes = _our_codes(found, line, where, bracket)
        if codes is None:
            continue
        if word == "ignore":
            _add(found.lines, line, codes)
        elif line > FILE_DIRECTIVE_LINES:
            found.warnings.append(DirectiveWarning(
                line, where, f"`tensorlens: ignore-file` counts only in the first {FILE_DIRECTIVE_LINES} lines; "
                             f"use `tensorlens: ignore` for one line"))
        else:
            found.file_codes = _union(found.file_codes, codes)
    for match in _NOQA.finditer(comment):
        where = column + match.start()
        if match.group("colon") and not match.group("codes"):
            found.warnings.append(DirectiveWarning(line, where, "`noqa:` without codes: nothing is suppressed"))
            continue
        raw = match.group("codes")
        # Other tools' codes (E501, F401) are theirs; only TL codes are checked here.
        ours = [c for c in _CODE_SPLIT.split(raw) if c.upper().startswith("TL")] if raw else None
        if ours == []:
            continue
        codes = ALL_CODES if ours is None else _known(found, line, where, ours)
        if codes is not None:
            _add(found.lines, line, codes)


def _our_codes(found: Suppressions, line: int, column: int, bracket: Optional[str]) -> Optional[frozenset[str]]:
    if bracket is None:
        return ALL_CODES
    if not bracket.endswith("]"):
        found.warnings.append(DirectiveWarning(line, column, "unclosed `[` in suppression comment; ignored"))
        return None
    names = [c for c in _CODE_SPLIT.split(bracket[1:-1]) if c]
    if not names:
        found.warnings.append(DirectiveWarning(line, column, "empty `[]` in suppression comment; ignored"))
        return None
    return _known(found, line, column, names)


def _known(found: Suppressions, line: int, column: int, names: Sequence[str]) -> Optional[frozenset[str]]:
    codes = set()
    for name in names:
        code = name.upper()
        if code in CATALOGUE:
            codes.add(code)
        else:
            found.warnings.append(DirectiveWarning(
                line, column, f"unknown rule code {name!r} in suppression comment (see `tensorlens rules`)"))
    return frozenset(codes) if codes else None


def _add(lines: dict[int, frozenset[str]], line: int, codes: frozenset[str]) -> None:
    lines[line] = _union(lines.get(line), codes)


def _union(old: Optional[frozenset[str]], new: frozenset[str]) -> frozenset[str]:
    if old is None:
        return new
    if old == ALL_CODES or new == ALL_CODES:
        return ALL_CODES
    return old | new


def _comments(text: str, keep_going: bool,
              statements: Optional[list[tuple[int, int]]] = None) -> Iterator[tuple[int, int, str]]:
    """(line, 1-based column, text) of each comment, noting multi-line logical lines in ``statements``.

    A file tokenize cannot read to the end (it does not parse) still yields
    its comments: up to the error from the tokens, after it from a plain scan
    of each line (``keep_going``).
    """
    readline = io.StringIO(text, newline=None).readline  # universal newlines, as Python reads source
    first_line: Optional[int] = None
    last_line = 0
    try:
        for token in tokenize.generate_tokens(readline):
            kind, _, start, end, _ = token
            last_line = end[0]
            if kind == tokenize.COMMENT:
                yield start[0], start[1] + 1, token.string
            elif kind == tokenize.NEWLINE:
                if first_line is not None and statements is not None and end[0] > first_line:
                    statements.append((first_line, end[0]))
                first_line = None
            elif kind not in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER) \
                    and first_line is None:
                first_line = start[0]
    except (tokenize.TokenError, SyntaxError, ValueError):  # SyntaxError covers IndentationError (3.12+)
        if not keep_going:
            return
        if first_line is not None and statements is not None:
            # An unclosed bracket or string: the statement runs to the end of the file.
            statements.append((first_line, len(LINE_BREAK.split(text))))
        for number, physical in enumerate(LINE_BREAK.split(text)[last_line:], start=last_line + 1):
            at = physical.find("#")
            if at >= 0:
                yield number, at + 1, physical[at:]

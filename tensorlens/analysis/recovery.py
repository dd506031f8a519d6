"""Error recovery per top-level statement: analyze what still parses in a file that does not.

While a user types, the file is broken most of the time (``def f(x:`` before
the ``)``), and one broken statement must not wipe the findings of the other
hundred. The top-level statement holding the syntax error is blanked out
(its lines kept, empty, so every other line keeps its number), and so on until
the text compiles; the analysis then runs on that text, and the error itself
is reported as TL000. CPython's own parser finds each error (a few
milliseconds for thousands of lines), so the message and position are the
ones users know.
"""

from __future__ import annotations

import re
from typing import Optional

from tensorlens.analysis.guard import python_error

# A file broken in more places than this is reported as broken and not analyzed further.
MAX_BLANKED = 20
_NOT_A_STATEMENT_START = " \t#)]}\r\n\f"
# The clauses that continue a compound statement at its own indentation.
_CLAUSE = re.compile(r"(else|elif|except|finally)\b")


def without_broken_statements(source: str, path: str = "<unknown>") -> Optional[str]:
    """``source`` with every top-level statement that holds a syntax error replaced by empty lines.

    None when that does not make it compile (an error CPython places outside any statement, a
    file broken in too many places, or null bytes).
    """
    lines = source.splitlines(keepends=True)
    for _ in range(MAX_BLANKED):
        problem = python_error("".join(lines), path)
        if problem is None:
            return "".join(lines)
        if not 1 <= problem.line <= len(lines):
            return None
        start, end = _statement_around(lines, problem.line - 1)
        if all(not line.strip() for line in lines[start:end]):
            return None  # nothing left to blank: the error is not in one statement
        for index in range(start, end):
            lines[index] = _line_break(lines[index])
    return None


def _statement_around(lines: list[str], index: int) -> tuple[int, int]:
    """The lines [start, end) of the top-level statement that line ``index`` belongs to.

    A top-level statement starts on a line that begins with neither whitespace, nor a comment, nor
    a closing bracket; its decorators above it belong to it.
    """
    start = index
    while start > 0 and not _starts_statement(lines[start]):
        start -= 1
    while start > 0 and lines[start - 1].startswith("@"):
        start -= 1
    end = index + 1
    while end < len(lines) and not _starts_statement(lines[end]):
        end += 1
    return start, end


def _starts_statement(line: str) -> bool:
    return bool(line) and line[0] not in _NOT_A_STATEMENT_START and _CLAUSE.match(line) is None


def _line_break(line: str) -> str:
    stripped = line.rstrip("\r\n")
    return line[len(stripped):]

"""Putting a statement inside a new block (``with torch.no_grad():``), text-exactly.

The statement's own lines move one indent level right; everything else in
them (comments, blank lines, continuation layout) stays as written, and lines
that begin inside a multi-line string are left alone, since their leading
whitespace is part of the string.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Optional

from tensorlens.source_text import line_content, line_ending


def wrap_statement(lines: list[str], line: int, column: int, end_line: int, header: str, unit: str,
                   verbatim: Collection[int] = ()) -> Optional[tuple[int, str]]:
    """The edit that wraps lines ``line``..``end_line`` (1-based) in the block ``header`` opens.

    ``column`` (1-based) is where the statement starts; the edit replaces from
    there to the end of ``end_line`` and is returned as ``(end_column, text)``.
    ``verbatim`` holds the line numbers that begin inside a string. None when
    the statement does not start its own line (``if x: y``) or the lines are
    missing.
    """
    if not 1 <= line <= end_line <= len(lines):
        return None
    first = line_content(lines[line - 1])
    indent = first[:column - 1]
    if indent.strip():
        return None
    # The statement's own line ending; on a last line without one, the file's (a CRLF file stays CRLF).
    newline = line_ending(lines[line - 1]) or next((line_ending(text) for text in lines if line_ending(text)), "\n")
    parts = [header, newline, indent, unit, first[column - 1:], line_ending(lines[line - 1])]
    for number in range(line + 1, end_line + 1):
        text = lines[number - 1]
        content = line_content(text)
        if number not in verbatim and content.strip() and content.startswith(indent):
            content = indent + unit + content[len(indent):]
        parts.append(content + (line_ending(text) if number < end_line else ""))
    if end_line == line:
        parts.pop()  # the statement's own line ending stays outside the edit
    return len(line_content(lines[end_line - 1])) + 1, "".join(parts)

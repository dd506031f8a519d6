"""Lines and offsets of source text, counted the way the parser counts them."""

from __future__ import annotations

import re

_NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(source: str) -> list[str]:
    """The lines of ``source``, each with its own line ending (the last may have none).

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line, as in the Python tokenizer;
    ``str.splitlines`` would also split at form feeds and other separators.
    """
    lines: list[str] = []
    start = 0
    for match in _NEWLINE.finditer(source):
        lines.append(source[start:match.end()])
        start = match.end()
    if start < len(source):
        lines.append(source[start:])
    return lines


def line_content(line: str) -> str:
    """A line without its line ending."""
    return line.rstrip("\r\n")


def line_ending(line: str) -> str:
    return line[len(line_content(line)):]

"""Lines and offsets of source text, counted the way the parser counts them."""

from __future__ import annotations

import re

# Python's line ends, which are also LSP's: str.splitlines would also split at form feeds and other separators.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(source: str) -> list[str]:
    """The lines of ``source``, each with its own line ending (the last may have none).

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line, as in the Python tokenizer;
    ``str.splitlines`` would also split at form feeds and other separators.
    """
    lines: list[str] = []
    start = 0
    for match in LINE_BREAK.finditer(source):
        lines.append(source[start:match.end()])
        start = match.end()
    if start < len(source):
        lines.append(source[start:])
    return lines


def lines_without_breaks(source: str) -> list[str]:
    """The lines of ``source`` without their line breaks (a trailing break adds an empty line)."""
    return LINE_BREAK.split(source)


def line_content(line: str) -> str:
    """A line without its line ending."""
    return line.rstrip("\r\n")


def line_ending(line: str) -> str:
    return line[len(line_content(line)):]

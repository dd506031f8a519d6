"""Engine positions (1-based lines, 1-based code-point columns) <-> LSP positions.

LSP counts a line's characters in the negotiated encoding's code units,
UTF-16 unless the client offered something else: a character outside the
Basic Multilingual Plane (most emoji) is two UTF-16 units but one code point,
and ``é`` is two UTF-8 units. Lines are split the way LSP splits them
(``\\n``, ``\\r\\n`` and ``\\r``), which is also how the engine counts them.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from tensorlens.results import Span
from tensorlens.source_text import lines_without_breaks as split_lines

__all__ = ["split_lines", "to_position", "to_range", "from_position"]


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if text.isascii():
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_position(lines: Sequence[str], line: int, column: int, encoding: str) -> types.Position:
    """The LSP position of a 1-based line and 1-based code-point column, clamped to the text."""
    if not lines:
        return types.Position(line=0, character=0)
    index = min(max(line - 1, 0), len(lines) - 1)
    if line - 1 >= len(lines):
        column = len(lines[index]) + 1
    text = lines[index]
    offset = min(max(column - 1, 0), len(text))
    return types.Position(line=index, character=_units(text[:offset], encoding))


def to_range(lines: Sequence[str], span: Span, encoding: str) -> types.Range:
    """The LSP range of an engine span (whose end column is exclusive, as LSP's end is)."""
    return types.Range(start=to_position(lines, span.line, span.column, encoding),
                       end=to_position(lines, span.end_line, span.end_column, encoding))


def from_position(lines: Sequence[str], position: types.Position, encoding: str) -> tuple[int, int]:
    """The 1-based (line, code-point column) of an LSP position; a position past the text is clamped."""
    if not lines:
        return 1, 1
    index = min(max(position.line, 0), len(lines) - 1)
    text = lines[index]
    wanted = max(position.character, 0)
    if encoding == types.PositionEncodingKind.Utf32 or text.isascii():
        return index + 1, min(wanted, len(text)) + 1
    units = 0
    for offset, char in enumerate(text):
        if units >= wanted:
            return index + 1, offset + 1
        units += _units(char, encoding)
    return index + 1, len(text) + 1

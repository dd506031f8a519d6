"""Engine positions (1-based code points) to LSP positions (0-based code units) and back."""

from __future__ import annotations

from lsprotocol.types import Position, PositionEncodingKind

from tensorlens.lsp.positions import from_position, split_lines, to_position, to_range
from tensorlens.results import Span

UTF8, UTF16, UTF32 = PositionEncodingKind.Utf8, PositionEncodingKind.Utf16, PositionEncodingKind.Utf32
LINES = split_lines('a = "é🔥"; b\r\nsecond\rthird\n')


def test_lines_split_as_lsp_does():
    assert LINES == ['a = "é🔥"; b', "second", "third", ""]


def test_columns_in_each_encoding():
    column_of_b = LINES[0].index("b") + 1  # after 10 code points: é is 2 UTF-8 units, 🔥 is 2 UTF-16 or 4 UTF-8
    assert to_position(LINES, 1, column_of_b, UTF32) == Position(line=0, character=10)
    assert to_position(LINES, 1, column_of_b, UTF16) == Position(line=0, character=11)
    assert to_position(LINES, 1, column_of_b, UTF8) == Position(line=0, character=14)
    for encoding, character in ((UTF32, 10), (UTF16, 11), (UTF8, 14)):
        assert from_position(LINES, Position(line=0, character=character), encoding) == (1, column_of_b)


def test_a_position_inside_a_surrogate_pair_moves_past_the_character():
    fire = LINES[0].index("🔥")
    assert from_position(LINES, Position(line=0, character=fire + 1), UTF16) == (1, fire + 2)


def test_out_of_range_positions_are_clamped():
    assert to_position(LINES, 99, 5, UTF16) == Position(line=3, character=0)
    assert to_position(LINES, 2, 99, UTF16) == Position(line=1, character=6)
    assert from_position(LINES, Position(line=99, character=3), UTF16) == (4, 1)
    assert from_position(LINES, Position(line=1, character=99), UTF16) == (2, 7)
    assert to_range([], Span(1, 1, 1, 2), UTF16).start == Position(line=0, character=0)

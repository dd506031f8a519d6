"""Text from files (names, string literals quoted in messages) made safe for terminals and JSON.

A file name may hold a newline or an ESC, and a string literal quoted in a
message may hold a BEL or a whole terminal escape sequence: printed raw, one
file cleared the screen and printed a fake "All checks passed". A file name
that is not valid UTF-8 reaches Python with its bytes as lone surrogates
(``os.fsdecode``), which no strict UTF-8 stream accepts. So:

* for terminals and logs (text, GitHub, stderr), :func:`printable` writes
  control characters, line separators, bidirectional overrides and such
  bytes as backslash escapes (``\\x1b``, ``\\n``, ``\\u2028``, ``\\xe9`` for
  the byte 0xE9 of a name);
* for JSON and SARIF, :func:`json_text` writes the lone surrogates as the JSON
  escapes ``\\udce9``, which decode back to the same Python string, so
  ``os.fsencode`` of a reported path gives the file name's exact bytes.
"""

from __future__ import annotations

import unicodedata

# Characters that reorder what follows on screen (the "Trojan source" ones).
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape."""
    if text.isprintable():
        return text
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of an undecodable file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if char in _NAMED:
        return _NAMED[char]
    if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def json_text(dumped: str) -> str:
    """The output of ``json.dumps(..., ensure_ascii=False)`` as text any UTF-8 stream accepts.

    Lone surrogates can only occur inside JSON strings, and Python's
    ``backslashreplace`` writes them exactly as JSON escapes them.
    """
    return dumped.encode("utf-8", "backslashreplace").decode("utf-8")

"""``--diff``: what ``--fix`` would change, as a unified diff per file that ``patch`` applies.

A diff is bytes, like the files it patches: each line keeps its own line
ending (a CRLF file's diff has CRLF lines, or ``patch`` finds no match), the
text is in the file's own encoding (a Latin-1 file's ``é`` is one byte, as in
the file), a UTF-8 file's byte-order mark stays on its first line, and the
file name is its bytes on disk.
"""

from __future__ import annotations

import difflib
import os

from tensorlens.source_text import split_lines

_NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (``--- path`` / ``+++ path``) as text, empty when nothing changes."""
    return unified_diff_bytes(path, before, after, "utf-8").decode("utf-8", "surrogateescape")


def unified_diff_bytes(path: str, before: str, after: str, encoding: str) -> bytes:
    """The unified diff of one file in ``encoding`` (the file's), empty when nothing changes."""
    if before == after:
        return b""
    if encoding.replace("-", "").replace("_", "").lower() == "utf8sig":
        before, after, encoding = "\ufeff" + before, "\ufeff" + after, "utf-8"
    lines = list(difflib.unified_diff(_diff_lines(before), _diff_lines(after), lineterm="\n"))
    name = os.fsencode(path)
    header = b"--- " + name + b"\n+++ " + name + b"\n"
    return header + "".join(lines[2:]).encode(encoding, "surrogateescape")


def _diff_lines(text: str) -> list[str]:
    """Lines with their own endings; a last line without one is marked as diff(1) marks it."""
    lines = split_lines(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n" + _NO_NEWLINE
    return lines

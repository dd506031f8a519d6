"""``--diff``: what ``--fix`` would change, as a unified diff per file."""

from __future__ import annotations

import difflib

from tensorlens.source_text import line_content, split_lines


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (``--- path`` / ``+++ path``), empty when nothing changes."""
    if before == after:
        return ""
    old, new = _diff_lines(before), _diff_lines(after)
    return "".join(difflib.unified_diff(old, new, fromfile=path, tofile=path))


def _diff_lines(text: str) -> list[str]:
    """Lines ending in ``\\n``; a last line without one is marked as diff(1) marks it."""
    lines = [line_content(line) + "\n" for line in split_lines(text)]
    if text and not text.endswith(("\n", "\r")):
        lines[-1] += "\\ No newline at end of file\n"
    return lines

"""Inlay hints (opt-in, ``tensorlens.inlayHints``): what the engine knows of a tensor or module where it is
assigned, as ``: cuda when available · requires_grad`` after the name.

The facts are the hovers' (:mod:`hover`): a hint is shown for the fact whose
span is an assignment's target, the first thing on its line and followed by
``=`` (or an annotation), for tensors and modules only. Of its description it
keeps what a reader cannot see in the line: the device, whether it requires
grad, and a shape where the engine gives one; "(created at line 12)"-style
provenance stays in the hover.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

from lsprotocol import types

from tensorlens.lsp.positions import to_position
from tensorlens.lsp.worker import FactRow

_KINDS = ("tensor", "parameter", "buffer", "module")
_PROVENANCE = re.compile(r"\s*\([^()]*\bline \d+[^()]*\)")
# After the target: `=` that is not `==`, or an annotation (`x: Tensor = ...`).
_ASSIGNED = re.compile(r"\s*(?:=(?!=)|:[^=]*=(?!=)|[-+*/@%&|^]=)")


def inlay_hints(rows: Sequence[FactRow], lines: Sequence[str], first_line: int, last_line: int,
                encoding: str) -> list[types.InlayHint]:
    """Hints for the assignments on lines ``first_line``..``last_line`` (1-based, inclusive)."""
    hints: list[types.InlayHint] = []
    seen: set[int] = set()
    for line, column, end_line, end_column, text, description in rows:
        if not first_line <= line <= last_line or line != end_line or line in seen or line > len(lines):
            continue
        source = lines[line - 1]
        if source[:column - 1].strip() or not _ASSIGNED.match(source[end_column - 1:]):
            continue
        label = hint_label(description)
        if label is None:
            continue
        seen.add(line)
        hints.append(types.InlayHint(position=to_position(lines, line, end_column, encoding), label=label,
                                     kind=types.InlayHintKind.Type, padding_left=False, padding_right=True,
                                     tooltip=f"TensorLens: `{text}` is {description}"))
    return hints


def hint_label(description: str) -> Optional[str]:
    """``: cpu · no grad`` from a fact's description; None for values that are not tensors or modules."""
    kind, *parts = description.split(" · ")
    if not kind.startswith(_KINDS):
        return None
    shown = []
    for part in parts:
        part = _PROVENANCE.sub("", part).strip()
        if part.startswith("device "):
            shown.append(part[len("device "):])
        elif part.startswith(("requires_grad", "no grad", "shape", "[")):
            shown.append(part.split(" (")[0])
    return f": {' · '.join(shown)}" if shown else None

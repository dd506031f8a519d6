"""Constant literals among call arguments: what a ``True``/``False`` or a string argument says."""

from __future__ import annotations

from typing import Optional

import libcst as cst


def constant_bool(node: Optional[cst.CSTNode]) -> Optional[bool]:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None

def literal_string(node: cst.BaseExpression) -> Optional[str]:
    """The value of a plain string literal (no f-string), else None."""
    if isinstance(node, cst.SimpleString):
        raw = node.value
        prefix_end = next((i for i, ch in enumerate(raw) if ch in "'\""), 0)
        prefix = raw[:prefix_end].lower()
        if "b" in prefix or "f" in prefix:
            return None
        quote = raw[prefix_end:prefix_end + 3] if raw[prefix_end:prefix_end + 3] in ('"""', "'''") \
            else raw[prefix_end]
        return raw[prefix_end + len(quote): len(raw) - len(quote)]
    return None

"""Constant literals among call arguments: what a ``True``/``False`` argument says."""

from __future__ import annotations

from typing import Optional

import libcst as cst


def constant_bool(node: Optional[cst.CSTNode]) -> Optional[bool]:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None

"""Display-only rows that TensorLens adds under a tensor or module in the Variables view.

pydevd decides how to show a child by its type: a ``str`` subclass is a leaf
(no expansion arrow) whose text our value provider prints unquoted; any other
type claimed by our resolver is expandable. So:

- ``Fact`` — a leaf line of text (``dtype: f32``, a statistics line);
- ``Section`` — an expandable line whose children are computed on expand;
- ``RawAttributes`` — pydevd's own attribute listing of an object, kept one
  click away for users who want the old view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# One child as pydevd's DAP resolvers return it: (name, value, evaluate suffix or None).
Child = tuple[str, Any, Any]


class Fact(str):
    """A leaf row: its text is the value shown, without quotes."""

    __slots__ = ()


class Section:
    """An expandable row: ``text`` is its value line, ``children()`` runs on expand."""

    def __init__(self, text: str, children: Callable[[], list[Child]]) -> None:
        self.text = text
        self.children = children


class RawAttributes:
    """The attribute dump pydevd shows for ``target`` without TensorLens."""

    def __init__(self, target: Any) -> None:
        self.target = target

    def children(self) -> list[Child]:
        """pydevd's default listing (only importable inside a debugged process)."""
        # pydevd ships inside debugpy without type information ([tool.mypy] ignores its imports)
        from _pydevd_bundle.pydevd_resolver import defaultResolver

        rows: list[Child] = defaultResolver.get_contents_debug_adapter_protocol(self.target)
        return rows

"""Parsing source text into libcst's tree, without re-validating what the parser built.

libcst validates every node as it is constructed (``CSTNode.__post_init__``), which guards code that builds
trees by hand; a tree its own parser built from text Python accepts is valid by construction, and the
validation is about half of parsing's cost (libcst's own source says so). The engine parses every file and
every project module it summarizes, so it skips that step while the parser runs, and only then.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import libcst as cst

_LOCK = threading.Lock()


def parse_module(source: str) -> cst.Module:
    """``cst.parse_module(source)``, without validating the nodes the parser makes (same tree, same errors)."""
    with _parser_trusted():
        return cst.parse_module(source)


def _trusted(node: cst.CSTNode) -> None:
    """In place of ``CSTNode.__post_init__`` while the parser runs."""


@contextmanager
def _parser_trusted() -> Iterator[None]:
    with _LOCK:
        validating = cst.CSTNode.__dict__["__post_init__"]
        cst.CSTNode.__post_init__ = _trusted
        try:
            yield
        finally:
            cst.CSTNode.__post_init__ = validating

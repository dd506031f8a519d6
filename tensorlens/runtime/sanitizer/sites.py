"""Where in the user's program an event happens.

The user frame is the innermost Python frame that belongs neither to torch,
nor to the standard library, nor to TensorLens itself: for ``model(x)`` the
``linear`` call inside ``torch/nn/modules/linear.py`` is reported at the
``model(x)`` line. The answer "is this code the user's?" is cached per code
object, so locating a frame costs a few attribute reads per frame walked, not
a traceback.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from dataclasses import dataclass
from types import CodeType, FrameType
from typing import Any


@dataclass(frozen=True)
class Site:
    """A place in a user file; lines and columns are 1-based."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def _library_roots() -> tuple[str, ...]:
    import torch

    roots = {
        os.path.dirname(os.path.abspath(torch.__file__)) + os.sep,
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,  # tensorlens/runtime
        os.path.dirname(os.path.abspath(os.__file__)) + os.sep,  # the standard library
    }
    for key in ("stdlib", "platstdlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            roots.add(os.path.abspath(path) + os.sep)
    return tuple(sorted(roots))


class UserFrames:
    """Finds the user's frame on the current stack and turns it into a ``Site``."""

    def __init__(self, base_dir: str | None = None) -> None:
        self._roots = _library_roots()
        self._base_dir = os.path.abspath(base_dir or os.getcwd())
        # keyed by id(code): hashing a code object hashes its bytecode and
        # constants, every time; the code objects are kept so ids stay theirs
        self._is_user: dict[int, bool] = {}
        self._codes: list[CodeType] = []
        self._paths: dict[str, str] = {}
        self._positions: dict[int, list[Any]] = {}

    def is_user_code(self, code: CodeType) -> bool:
        """True when ``code`` was written by the user (not torch, stdlib or TensorLens)."""
        known = self._is_user.get(id(code))
        if known is None:
            known = self._is_user[id(code)] = self._classify(code.co_filename)
            self._codes.append(code)
        return known

    def _classify(self, filename: str) -> bool:
        if filename.startswith("<frozen") or not filename:
            return False
        path = os.path.abspath(filename)
        for root in self._roots:
            # site-packages lives under the stdlib folder on most installs; it is not stdlib
            if path.startswith(root) and "-packages" + os.sep not in path[len(root):]:
                return False
        return True

    def find(self) -> FrameType | None:
        """The innermost user frame of the calling thread, or None (torch internals only)."""
        frame: FrameType | None = sys._getframe(1)
        is_user = self._is_user
        while frame is not None:
            code = frame.f_code
            known = is_user.get(id(code))
            if known is None:
                known = self.is_user_code(code)
            if known:
                return frame
            frame = frame.f_back
        return None

    def display_path(self, filename: str) -> str:
        """``filename`` relative to the directory the run started in, when it lies below it."""
        shown = self._paths.get(filename)
        if shown is None:
            absolute = os.path.abspath(filename)
            shown = absolute
            if absolute.startswith(self._base_dir + os.sep):
                shown = os.path.relpath(absolute, self._base_dir)
            self._paths[filename] = shown
        return shown

    def site_of(self, frame: FrameType) -> Site:
        """The exact expression ``frame`` is executing, with columns when Python knows them."""
        return self.site_at(frame.f_code, frame.f_lasti, frame.f_lineno)

    def site_at(self, code: CodeType, lasti: int, line: int | None) -> Site:
        """``site_of`` for a frame remembered as (code, instruction offset, line)."""
        line = line or code.co_firstlineno
        path = self.display_path(code.co_filename)
        positions = self._positions.get(id(code))
        if positions is None:
            self.is_user_code(code)  # keeps `code` alive, so its id stays its own
            # co_positions is Python 3.11+; before it, sites carry lines only
            positions = self._positions[id(code)] = (
                list(code.co_positions()) if hasattr(code, "co_positions") else [])
        index = lasti // 2
        if 0 <= index < len(positions):
            start, end, col, end_col = positions[index]
            if start == line and col is not None and end is not None and end_col is not None:
                return Site(path, line, col + 1, end, end_col + 1)
        return Site(path, line, 1, line, 1)

    def current_site(self) -> Site | None:
        """``site_of`` the innermost user frame, or None."""
        frame = self.find()
        return None if frame is None else self.site_of(frame)

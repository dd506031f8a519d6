"""The project modules an open document imports, as its worker sees them.

``check`` summarizes each project module once per process; a worker lives as
long as the editor, so it also notes each summarized file's size and
modification time and starts over when one changes on disk (a summary also
holds what its module imports, so one changed file can make any of them stale).
The open document is analyzed from the editor's text, its imports from disk.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from tensorlens.check.imports import ProjectModules, project_context

if TYPE_CHECKING:
    from tensorlens.analysis.engine import ProjectContext
    from tensorlens.analysis.imports import ModuleSummary

Stamp = Optional[tuple[int, int]]
"""A file's (size, mtime in ns); None when it cannot be read."""


class _StampedModules(ProjectModules):
    """Project modules that note the stamp of each file they summarize (before reading it)."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: dict[Path, Stamp] = {}

    def summary_of(self, path: Path, src: Sequence[str]) -> Optional[ModuleSummary]:
        key = path.resolve()
        if key not in self.stamps:
            self.stamps[key] = _stamp(key)
        return super().summary_of(path, src)


class WorkerModules:
    """The summaries of the project modules open documents import, fresh against the files on disk."""

    def __init__(self) -> None:
        self._modules = _StampedModules()

    def refresh(self) -> bool:
        """Forget every summary if a summarized file changed since; True when they were forgotten."""
        if all(_stamp(path) == stamp for path, stamp in self._modules.stamps.items()):
            return False
        self._modules = _StampedModules()
        return True

    def context(self, path: str, src: Sequence[str]) -> ProjectContext:
        """How the engine sees the document saved at ``path`` in its project (``src``: configured roots)."""
        return project_context(Path(path), src, self._modules, keep=False)


def _stamp(path: Path) -> Stamp:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns

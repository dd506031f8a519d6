"""Finding the Python files a ``check`` run covers."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

# Folders no user wants linted: VCS data, virtual environments, build outputs, caches.
DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", "build", "dist", "node_modules", "__pycache__",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs", "*.egg-info",
)


class MissingPathError(Exception):
    """A path given on the command line does not exist."""


@dataclass(frozen=True)
class SourceFile:
    """A file to check: ``display`` as the user should see it, ``path`` to open."""

    display: str
    path: Path


def is_excluded(relative: str, patterns: Sequence[str]) -> bool:
    """True when any part of ``relative`` (or the whole of it) matches a pattern."""
    parts = relative.replace(os.sep, "/").split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if "/" in pattern:
            if fnmatch.fnmatch("/".join(parts), pattern) or fnmatch.fnmatch("/".join(parts), pattern + "/*"):
                return True
        elif any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def collect_files(paths: Iterable[str], excludes: Sequence[str] = ()) -> list[SourceFile]:
    """Every ``.py``/``.pyi`` file under ``paths``, sorted, without excluded folders.

    A file named explicitly is always included. Raises MissingPathError for a
    path that does not exist.
    """
    patterns = (*DEFAULT_EXCLUDES, *excludes)
    found: dict[str, SourceFile] = {}
    for given in paths:
        root = Path(given)
        if not root.exists():
            raise MissingPathError(given)
        if root.is_file():
            found.setdefault(str(root.resolve()), SourceFile(given, root))
            continue
        for directory, subdirs, files in os.walk(root):
            relative_dir = os.path.relpath(directory, root)
            subdirs[:] = sorted(d for d in subdirs if not is_excluded(
                os.path.normpath(os.path.join(relative_dir, d)), patterns))
            for name in sorted(files):
                if not name.endswith(".py"):
                    continue
                relative = os.path.normpath(os.path.join(relative_dir, name))
                if is_excluded(relative, excludes):
                    continue
                display = os.path.join(given, relative) if given not in (".", "./") else relative
                full = Path(directory) / name
                found.setdefault(str(full.resolve()), SourceFile(display, full))
    return sorted(found.values(), key=lambda f: f.display)

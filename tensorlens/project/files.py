"""Finding the Python files a ``check`` run covers."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from tensorlens.project.config import ConfigFinder, ProjectConfig

# Folders no user wants linted: VCS data, virtual environments, build outputs, caches.
DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", ".env", "env", "build", "dist", "node_modules", "__pycache__",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs", "*.egg-info",
)


class MissingPathError(Exception):
    """A path given on the command line does not exist."""


@dataclass(frozen=True)
class SourceFile:
    """A file to check: ``display`` as the user should see it, ``path`` to open.

    ``config`` is the ``[tool.tensorlens]`` governing it, when the run reads
    configuration and one exists.
    """

    display: str
    path: Path
    config: Optional[ProjectConfig] = field(default=None, compare=False)


def is_excluded(relative: str, patterns: Sequence[str]) -> bool:
    """True when a pattern matches ``relative``'s last part (no ``/`` in the pattern) or the whole of it."""
    relative = relative.replace(os.sep, "/")
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.removeprefix("./").rstrip("/")
        if "/" in pattern:
            if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative, pattern + "/*"):
                return True
        elif not _GLOB.intersection(pattern):
            if name == pattern:  # a plain name (.git, build): compiling it as a glob cost more than the walk
                return True
        elif fnmatch.fnmatchcase(name, pattern):
            return True
    return False


_GLOB = frozenset("*?[")


def collect_files(paths: Iterable[str], excludes: Sequence[str] = (),
                  finder: Optional[ConfigFinder] = None, force_exclude: bool = False,
                  unreadable: Optional[list[str]] = None) -> list[SourceFile]:
    """Every ``.py`` file under ``paths``, sorted, without excluded files and folders.

    Each file or folder met while walking is matched against the excludes of
    the configuration governing its folder (``finder``; the defaults when
    there is none), by name or by its path below the configuration's folder
    (below the walked path when there is no configuration); a path named on
    the command line is never excluded, whatever its own name or its parents',
    unless ``force_exclude`` (for pre-commit, which names every file).
    Raises MissingPathError for a path that does not exist, and the finder's
    ConfigError for a bad configuration. A folder that cannot be read is
    passed over, with one line saying so added to ``unreadable``.
    """
    found: dict[object, SourceFile] = {}
    for given in paths:
        root = Path(given)
        if not root.exists() and not root.is_symlink():
            raise MissingPathError(given)
        if force_exclude and _named_path_excluded(given, excludes, finder):
            continue
        if not root.is_dir():  # a file, or something that only looks like one (the runner tells)
            config = finder.for_file(str(root)) if finder is not None else None
            found.setdefault(_identity(root), SourceFile(given, root, config))
            continue

        def unreadable_folder(error: OSError, given: str = given) -> None:
            if unreadable is not None:
                folder = str(error.filename)
                shown = os.path.relpath(folder) if given in (".", "./") else folder
                unreadable.append(f"{shown}: cannot read this folder: {error.strerror or error}; "
                                  f"the files in it are not checked")

        for directory, subdirs, files in os.walk(root, onerror=unreadable_folder):
            config = finder.for_folder(directory) if finder is not None else None
            patterns, anchor = _exclusion(config, excludes, str(root))

            def excluded(name: str, directory: str = directory, anchor: str = anchor,
                         patterns: Sequence[str] = patterns) -> bool:
                return is_excluded(os.path.relpath(os.path.join(os.path.abspath(directory), name), anchor),
                                   patterns)

            subdirs[:] = sorted(d for d in subdirs if not excluded(d))
            relative_dir = os.path.relpath(directory, root)
            for name in sorted(files):
                if not name.endswith(".py") or excluded(name):
                    continue
                relative = os.path.normpath(os.path.join(relative_dir, name))
                display = os.path.join(given, relative) if given not in (".", "./") else relative
                full = Path(directory) / name
                found.setdefault(_identity(full), SourceFile(display, full, config))
    return sorted(found.values(), key=lambda f: f.display)


def _identity(path: Path) -> object:
    """The same file named twice (overlapping paths, a link) is checked once: one stat, where resolving
    the path took one per folder above it."""
    try:
        status = os.stat(path)
    except OSError:  # a dangling link or a link loop: the runner reports it; never resolved here
        return os.path.abspath(path)
    return (status.st_dev, status.st_ino)


def _named_path_excluded(given: str, excludes: Sequence[str], finder: Optional[ConfigFinder]) -> bool:
    """Would walking have skipped this path named on the command line (it, or a folder above it)?"""
    absolute = os.path.abspath(given)
    config = finder.for_folder(os.path.dirname(absolute)) if finder is not None else None
    patterns, anchor = _exclusion(config, excludes, os.getcwd())
    relative = os.path.relpath(absolute, anchor).replace(os.sep, "/")
    if relative.startswith("../") or relative == "..":
        return is_excluded(os.path.basename(absolute), patterns)
    parts = relative.split("/")
    return any(is_excluded("/".join(parts[:end]), patterns) for end in range(1, len(parts) + 1))


def _exclusion(config: Optional[ProjectConfig], excludes: Sequence[str], root: str) -> tuple[tuple[str, ...], str]:
    """The patterns for one folder's entries, and the folder they are relative to."""
    if config is None:
        return (*DEFAULT_EXCLUDES, *excludes), os.path.abspath(root)
    base = config.exclude if config.exclude is not None else DEFAULT_EXCLUDES
    return (*base, *config.extend_exclude, *excludes), config.root

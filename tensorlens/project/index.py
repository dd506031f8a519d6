"""The project a file belongs to: its root, the folders imports resolve against, module names and their files.

Like Python running the project (and like Ruff's ``src``), ``import model`` in
``scripts/train.py`` finds ``scripts/model.py`` first, then the project's root
(the nearest folder above with a ``pyproject.toml``, ``setup.cfg``,
``setup.py`` or ``.git``), its ``src/`` folder, and the ``src`` folders the
configuration names. Only files of the project are ever found: an import of
torch or numpy resolves to nothing here, however the machine is set up.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Optional

_ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")


@lru_cache(maxsize=1024)
def project_root(folder: Path) -> Path:
    """The nearest folder at or above ``folder`` that marks a project; ``folder`` itself when none does."""
    current = folder
    while True:
        if any((current / marker).exists() for marker in _ROOT_MARKERS):
            return current
        if current.parent == current:
            return folder
        current = current.parent


def search_roots(file: Path, configured: Sequence[str] = ()) -> tuple[Path, ...]:
    """Where imports of ``file`` are looked for, in order: its own folder, the project root, root/src, and the
    configured ``src`` folders."""
    folder = file.resolve().parent
    root = project_root(folder)
    # Without any project marker (a folder copied from a bug report), the package beside the script is found as
    # Python finds it. With one, the project's root and src/ say where its code is: installed code above a
    # package (site-packages) is never the project's.
    packages = [_above_packages(folder)] if root == folder else []
    roots = [folder, *packages, root, root / "src", *(Path(entry) for entry in configured)]
    unique: list[Path] = []
    for candidate in roots:
        if candidate not in unique and candidate.is_dir():
            unique.append(candidate)
    return tuple(unique)


def _above_packages(folder: Path) -> Path:
    """The folder holding the outermost package ``folder`` is in (``folder`` itself when it is no package): where
    Python finds that package when a script beside it runs, marker or not."""
    current = folder
    while (current / "__init__.py").is_file() and current.parent != current:
        current = current.parent
    return current


def module_file(module: str, roots: Sequence[Path]) -> Optional[Path]:
    """The file of module ``a.b`` under the first root holding ``a/b.py`` or ``a/b/__init__.py``."""
    if not module or any(not part.isidentifier() for part in module.split(".")):
        return None
    relative = Path(*module.split("."))
    for root in roots:
        for candidate in (root / relative.with_suffix(".py"), root / relative / "__init__.py"):
            if candidate.is_file():
                return candidate
    return None


def module_name(file: Path, roots: Sequence[Path]) -> Optional[str]:
    """The dotted name ``file`` has under the first root that holds it (``pkg.model``; ``pkg`` for its
    ``__init__.py``); None when no root holds it."""
    resolved = file.resolve()
    for root in roots:
        try:
            relative = resolved.relative_to(root)
        except ValueError:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts and parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(part.isidentifier() for part in parts):
            return ".".join(parts)
    return None


def is_package(file: Path) -> bool:
    """An ``__init__.py``: relative imports in it start from the package itself."""
    return file.name == "__init__.py"


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (links followed)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()

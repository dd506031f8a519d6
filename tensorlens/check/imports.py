"""The project's own modules while checking: the engine's import resolver, and what a file's results depend on.

A file that imports a module of its project gets that module's facts (its
classes, functions and globals) through :class:`FileResolver`; each module is
summarized once per process (:class:`ProjectModules`), and a file already
checked in this process lends its summary to the files that import it. The
cache keys a file's results by its own bytes and those of every project module
it imports, directly or not (:func:`dependency_digest`), so editing
``model.py`` re-checks exactly the files that import it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from tensorlens.analysis.module_names import absolute_module
from tensorlens.project.index import is_package, module_file, module_name, search_roots

if TYPE_CHECKING:  # the engine (and libcst) load only when a file is analyzed, never for a warm run
    import libcst as cst

    from tensorlens.analysis.engine import ProjectContext
    from tensorlens.analysis.imports import ModuleSummary

# `import a.b`, `import a as b, c`, `from .a import b`, `from . import b`: the module names a file imports.
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<dots>\.*)(?P<module>[\w.]*)[ \t]+import[ \t]+(?P<names>[\w, \t()*]+)"
    r"|import[ \t]+(?P<plain>[\w., \t]+))", re.MULTILINE)


class ProjectModules:
    """Summaries of the project modules met in this process, by file; None for one that cannot be read."""

    def __init__(self) -> None:
        self._summaries: dict[Path, Optional[ModuleSummary]] = {}
        self._busy: set[Path] = set()

    def summary_of(self, path: Path, src: Sequence[str]) -> Optional[ModuleSummary]:
        """The summary of the module in ``path`` (an import cycle back to a module being summarized: None)."""
        key = path.resolve()
        if key in self._summaries:
            return self._summaries[key]
        if key in self._busy:
            return None
        self._busy.add(key)
        try:
            summary = self._summarize(key, src)
        finally:
            self._busy.discard(key)
        self._summaries[key] = summary
        return summary

    def parsed(self, path: Path, text: str) -> Optional[cst.Module]:
        """The tree this process parsed ``path`` into for an importer, when ``text`` is what it parsed."""
        summary = self._summaries.get(path.resolve())
        return summary.module if summary is not None and summary.source == text else None

    def keep(self, path: Path, summary: ModuleSummary) -> None:
        """A file checked in this process: importers use its summary rather than analyzing it again."""
        self._summaries.setdefault(path.resolve(), summary)

    def _summarize(self, path: Path, src: Sequence[str]) -> Optional[ModuleSummary]:
        from tensorlens.analysis.engine import summarize_module
        from tensorlens.check.runner import decode_source

        try:
            text = decode_source(path.read_bytes())
        except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
            return None
        return summarize_module(text, display_path(path), project_context(path, src, self, keep=False))


def display_path(path: Path) -> str:
    """How messages name another file of the project: relative to the current folder when below it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


# One per process: `check`'s workers each fill their own.
PROCESS_MODULES = ProjectModules()


class FileResolver:
    """The engine's :class:`~tensorlens.analysis.imports.ImportResolver` for one file of a project."""

    def __init__(self, modules: ProjectModules, file: Path, roots: Sequence[Path], src: Sequence[str]):
        self.modules = modules
        self.file = file.resolve()
        self.roots = tuple(roots)
        self.src = tuple(src)
        self._found: dict[str, Optional[Path]] = {}

    def summary(self, module: str) -> Optional[ModuleSummary]:
        """The summary of the project module ``module``; None for any other (torch, the standard library), and for
        a library the engine models even when the project holds a folder of that name (a stub)."""
        from tensorlens.analysis.torch_api import MODELED_LIBRARIES  # here: a warm run never asks

        if module.split(".")[0] in MODELED_LIBRARIES:
            return None
        if module not in self._found:
            self._found[module] = module_file(module, self.roots)
        path = self._found[module]
        if path is None or path.resolve() == self.file:
            return None
        return self.modules.summary_of(path, self.src)


def project_context(path: Path, src: Sequence[str], modules: Optional[ProjectModules] = None,
                    keep: bool = True) -> ProjectContext:
    """How the engine sees ``path`` inside its project: its module name and a resolver for its imports."""
    from tensorlens.analysis.engine import ProjectContext

    modules = modules or PROCESS_MODULES
    roots = search_roots(path, src)
    own_folder, *others = roots
    name = module_name(path, [*reversed(others), own_folder])  # the outermost package the file is in
    kept = (lambda summary: modules.keep(path, summary)) if keep else None
    earlier = (lambda text: modules.parsed(path, text)) if keep else None
    return ProjectContext(FileResolver(modules, path, roots, src), name, is_package(path), kept, earlier)


def project_imports(path: Path, text: str, src: Sequence[str]) -> list[Path]:
    """The files of the project modules ``text`` (the source of ``path``) imports directly."""
    roots = search_roots(path, src)
    own_folder, *others = roots
    name = module_name(path, [*reversed(others), own_folder])
    found: list[Path] = []
    for match in _IMPORT.finditer(text):
        if match.group("plain") is not None:
            candidates = [part.split()[0] for part in match.group("plain").split(",") if part.strip()]
        else:
            dots = len(match.group("dots") or "")
            base = absolute_module(name, is_package(path), dots, match.group("module") or None)
            if base is None:
                continue
            names = [part.split()[0] for part in match.group("names").replace("(", " ").replace(")", " ").split(",")
                     if part.strip() and part.split()[0] != "*"]
            candidates = [base, *(f"{base}.{n}" for n in names)]
        for module in candidates:
            file = module_file(module, roots)
            if file is not None and file.resolve() != path.resolve() and file not in found:
                found.append(file)
    return found


def dependency_digest(path: Path, src: Sequence[str], digests: dict[Path, Optional[str]]) -> str:
    """A digest of the bytes of every project module ``path`` imports, directly or not ("" when none).

    ``digests`` memoizes each file's content digest over one run (None: unreadable); each file's own imports
    are read once per process (:data:`_DIRECT_IMPORTS`), so a package's files share the walk of its graph."""
    seen: set[Path] = set()
    start = path.resolve()
    pending = [start]
    parts: list[str] = []
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        found = _direct_imports(current, src)
        if found is None:
            continue
        data_digest, imported = found
        if current != start:
            digests.setdefault(current, data_digest)
            parts.append(f"{current}={data_digest}")
        pending.extend(imported)
    if not parts:
        return ""
    return hashlib.blake2b("\n".join(sorted(parts)).encode(), digest_size=16).hexdigest()


# By file and import roots: its content digest and the project files it imports (None: unreadable). Files
# do not change during one `check` run (only `check` keys a cache by them).
_DIRECT_IMPORTS: dict[tuple[Path, tuple[str, ...]], Optional[tuple[str, tuple[Path, ...]]]] = {}


def _direct_imports(path: Path, src: Sequence[str]) -> Optional[tuple[str, tuple[Path, ...]]]:
    from tensorlens.check.runner import decode_source

    key = (path, tuple(src))
    if key not in _DIRECT_IMPORTS:
        try:
            data = path.read_bytes()
            text = decode_source(data)
        except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
            _DIRECT_IMPORTS[key] = None
        else:
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            _DIRECT_IMPORTS[key] = (digest, tuple(dep.resolve() for dep in project_imports(path, text, src)))
    return _DIRECT_IMPORTS[key]

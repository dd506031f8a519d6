"""The ``check`` cache: each file's findings, keyed by its content and everything that shapes them.

An entry's key is the file's content hash and the set of codes run on it; it
lives in a folder named by the analyzer's fingerprint (TensorLens version and
the source of every module that shapes findings, the Python version, the
libcst version), so any change there starts a fresh cache. Entries are small
JSON files written to a temporary name and renamed into place, so concurrent
runs never read half an entry; a missing, corrupt or unwritable cache only
means the file is analyzed again. Reading the cache never imports libcst.

The cache owns only what it created: each folder it makes gets a marker file
(:data:`MARKER`), pruning removes only marked analyzer folders and, in them,
only files named as the cache names its entries, and ``CACHEDIR.TAG`` goes
into the topmost folder it created, never into a folder that was already
there (``TENSORLENS_CACHE_DIR`` may name a folder holding other things).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

from tensorlens import __version__
from tensorlens.catalogue import CATALOGUE
from tensorlens.results import DirectiveWarning, Finding, Fix, Related, Span, TextEdit

FORMAT = 2
# Cache folders of earlier analyzers kept beside the current one's (switching branches reuses them).
KEPT_ANALYZERS = 4
# Parts of the package that never change what `check` reports on a file.
_NOT_SHAPING = ("runtime", "lsp", "report", "cli.py", "__main__.py", "pdb.py")
# In every folder the cache creates: pruning touches only folders holding it.
MARKER = ".tensorlens-cache"
_MARKER_TEXT = "This folder was created by the TensorLens check cache, which may delete it.\n"
# The files the cache writes into a marked entry folder: entries and their temporary names.
_OWN_FILE = re.compile(r"[0-9a-f]+-[0-9a-f]{12}\.json|\..+\.tmp")
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by tensorlens.\n")


def cache_root() -> Path:
    """``$TENSORLENS_CACHE_DIR``, else ``$XDG_CACHE_HOME/tensorlens``, else ``~/.cache/tensorlens``."""
    explicit = os.environ.get("TENSORLENS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tensorlens"


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def analyzer_fingerprint() -> str:
    """A hash of everything besides the file and the codes that decides a file's findings."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT} {__version__} {sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] in _NOT_SHAPING:
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    digest.update(_libcst_version())
    return digest.hexdigest()


def _libcst_version() -> bytes:
    # The version file, not importlib.metadata (a scan of sys.path) nor libcst itself (slow to import).
    spec = importlib.util.find_spec("libcst")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            return Path(folder, "_version.py").read_bytes()
        except OSError:
            continue
    return b"libcst ?"


class Cache:
    """Entries under ``root/v<FORMAT>/<fingerprint>/``; every failure is a miss, never an error."""

    def __init__(self, root: Path, fingerprint: Optional[str] = None):
        self.folder = root / f"v{FORMAT}" / (fingerprint or analyzer_fingerprint())
        self.root = root
        self._writable = True
        self._tagged = False
        self._new = not self.folder.exists()
        self._known: set[Path] = set()  # folders known to exist (created or checked) this run

    def _entry(self, digest: str, codes: Iterable[str]) -> Path:
        code_key = hashlib.blake2b(",".join(sorted(codes)).encode(), digest_size=6).hexdigest()
        return self.folder / digest[:2] / f"{digest[2:]}-{code_key}.json"

    def load(self, digest: str, codes: Iterable[str], path: str
             ) -> Optional[tuple[list[Finding], list[DirectiveWarning]]]:
        """The findings (with ``path``) and directive warnings stored for this content, or None."""
        try:
            with open(self._entry(digest, codes), "rb") as handle:
                entry = json.loads(handle.read())
            findings = [_finding(path, item) for item in entry["f"]]
            warnings = [DirectiveWarning(int(line), int(column), str(message)) for line, column, message in entry["w"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            return None  # RecursionError: a planted entry nested thousands deep
        return findings, warnings

    def store(self, digest: str, codes: Iterable[str], findings: list[Finding],
              warnings: list[DirectiveWarning], path: str = "") -> None:
        """Keep a file's findings (``path``: its display path; a finding elsewhere keeps its own file, absolute)."""
        if not self._writable:
            return
        entry = {"f": [_finding_data(f, path) for f in findings],
                 "w": [[w.line, w.column, w.message] for w in warnings]}
        target = self._entry(digest, codes)
        try:
            self._make_folders(target.parent)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(entry, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
            self._tag()
        except OSError:
            self._writable = False  # read-only or full: stop trying, the run goes on uncached

    def _make_folders(self, entry_folder: Path) -> None:
        """Create what is missing of root/vN/fingerprint/xx, marking each folder this run creates."""
        if entry_folder in self._known:
            return
        chain = [self.root, self.root / f"v{FORMAT}", self.folder, entry_folder]
        if not self.root.exists():
            self.root.parent.mkdir(parents=True, exist_ok=True)  # ~/.cache and above are not the cache's
        for folder in chain:
            if folder in self._known:
                continue
            try:
                folder.mkdir()
            except FileExistsError:
                pass
            else:
                (folder / MARKER).write_text(_MARKER_TEXT)
            self._known.add(folder)

    def _tag(self) -> None:
        if self._tagged:
            return
        self._tagged = True
        _touch(self.folder / MARKER)  # what pruning sorts by: when this analyzer's cache was last used
        if self._new:
            self._prune()
        # Tells backup tools to skip the folder (https://bford.info/cachedir/); only into a folder of ours.
        for folder in (self.root, self.root / f"v{FORMAT}"):
            if _owned(folder):
                tag = folder / "CACHEDIR.TAG"
                if not tag.exists():
                    tag.write_text(_CACHEDIR_TAG)
                break

    def _prune(self) -> None:
        """A new analyzer (an upgrade, an edited checkout) starts a new folder: keep the few used last.

        Only analyzer folders the cache created (marked) are candidates, and
        only the cache's own files are deleted from them: a folder holding
        anything else is emptied of entries and left in place.
        """
        try:
            folders = [entry for entry in self.folder.parent.iterdir()
                       if entry != self.folder and _owned(entry)]
            folders.sort(key=lambda folder: os.lstat(folder / MARKER).st_mtime, reverse=True)
        except OSError:
            return
        for stale in folders[KEPT_ANALYZERS - 1:]:
            _remove_owned(stale)


def _owned(folder: Path) -> bool:
    """A real folder (not a link) holding the cache's marker as a regular file."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


def _remove_owned(analyzer_folder: Path) -> None:
    """Delete an analyzer folder's entries, entry folders and markers, and nothing else."""
    try:
        children = list(analyzer_folder.iterdir())
    except OSError:
        return
    for child in children:
        if child.name != MARKER and _owned(child):
            _remove_entries(child)
            _remove_if_only_marker(child)
    _remove_if_only_marker(analyzer_folder)


def _remove_entries(folder: Path) -> None:
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return
    for name in names:
        if _OWN_FILE.fullmatch(name):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def _remove_if_only_marker(folder: Path) -> None:
    """A folder of the cache that holds nothing else goes; one holding anything more stays, marker and all."""
    try:
        if [entry.name for entry in os.scandir(folder)] != [MARKER]:
            return
        os.unlink(folder / MARKER)
        folder.rmdir()
    except OSError:
        pass


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _span(data: Any) -> Span:
    line, column, end_line, end_column = (int(x) for x in data)
    return Span(line, column, end_line, end_column)


def _finding(path: str, item: list[Any]) -> Finding:
    span, code, message, related, fix, elsewhere = item
    if code not in CATALOGUE:
        raise KeyError(code)
    return Finding(_shown(elsewhere) if elsewhere else path, _span(span), str(code), str(message),
                   tuple(Related(_span(s), str(m), _shown(p) if p else None) for s, m, p in related),
                   None if fix is None else Fix(str(fix[0]), bool(fix[1]),
                                                tuple(TextEdit(_span(s), str(t)) for s, t in fix[2])))


def _span_data(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def _finding_data(finding: Finding, path: str) -> list[Any]:
    fix = finding.fix
    return [_span_data(finding.span), finding.code, finding.message,
            [[_span_data(r.span), r.message, os.path.abspath(r.path) if r.path else None] for r in finding.related],
            None if fix is None else [fix.description, fix.safe, [[_span_data(e.span), e.text] for e in fix.edits]],
            os.path.abspath(finding.path) if finding.path != path else None]


def _shown(absolute: str) -> str:
    """Another file of the project, as messages name it: relative to the current folder when below it."""
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative

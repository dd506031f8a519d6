"""``[tool.tensorlens]`` in ``pyproject.toml``: which rules run on which files, which files are skipped.

Like Ruff, each file is governed by the nearest ``pyproject.toml`` above it
that has a ``[tool.tensorlens]`` table (a ``pyproject.toml`` without one is
passed over), and patterns in it are relative to that file's folder. The
command line's ``--select``/``--ignore``/``--extend-select`` are one more
layer on top. Every mistake in a configuration is a :class:`ConfigError`
naming the file and the key, never a silent default.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from tensorlens.catalogue import CATALOGUE, resolve_codes

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (a dependency there)
    import tomli as tomllib

KEYS = ("select", "ignore", "extend-select", "per-file-ignores", "exclude", "extend-exclude", "max-file-size",
        "max-file-seconds", "src")


class ConfigError(Exception):
    """An unreadable or invalid configuration: one line naming the file and the key."""


@dataclass(frozen=True)
class RuleSelection:
    """One layer of rule selectors (codes or prefixes, as written): the file's or the command line's."""

    select: Optional[tuple[str, ...]] = None  # None: keep what the layer below selected
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectConfig:
    """A validated ``[tool.tensorlens]`` table; ``root`` is the folder of its ``pyproject.toml``."""

    path: str
    root: str
    selection: RuleSelection = RuleSelection()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    exclude: Optional[tuple[str, ...]] = None  # None: the default excludes
    extend_exclude: tuple[str, ...] = ()
    src: tuple[str, ...] = ()  # folders the project's own imports resolve against (absolute), like Ruff's ``src``
    max_file_size: Optional[int] = None  # bytes; None: the default
    max_file_seconds: Optional[float] = None  # CPU seconds of one file's analysis; None: the default

    def ignored_codes(self, file_path: str) -> frozenset[str]:
        """Codes ``per-file-ignores`` turns off for this file (matched relative to ``root``, or by name)."""
        if not self.per_file_ignores:
            return frozenset()
        relative = os.path.relpath(os.path.abspath(file_path), self.root).replace(os.sep, "/")
        name = relative.rsplit("/", 1)[-1]
        codes: set[str] = set()
        for pattern, ignored in self.per_file_ignores:
            if _glob_matches(relative, name, pattern):
                codes |= ignored
        return frozenset(codes)


def _glob_matches(relative: str, name: str, pattern: str) -> bool:
    pattern = pattern.removeprefix("./")
    if "/" not in pattern.rstrip("/"):
        return fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(relative, pattern)
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(relative, p.rstrip("/") + "/*")
               for p in _zero_folder_variants(pattern))


def _zero_folder_variants(pattern: str) -> set[str]:
    """``pattern`` and its forms where some ``**/`` match no folder at all (``*`` already crosses ``/``)."""
    variants = {pattern}
    pending = [pattern]
    while pending and len(variants) < 64:
        current = pending.pop()
        start = current.find("**/")
        while start >= 0:
            shorter = current[:start] + current[start + 3:]
            if shorter not in variants:
                variants.add(shorter)
                pending.append(shorter)
            start = current.find("**/", start + 1)
    return variants


SYNTAX_ERROR = "TL000"


def resolve_selection(layers: Sequence[RuleSelection]) -> frozenset[str]:
    """The codes that run after applying ``layers`` in order, on top of every rule.

    Within a layer, selectors apply from the least to the most specific
    (``ALL``, ``TL``, ``TL1``, ``TL101``), an ignore winning over a select of
    the same specificity; a layer with ``select`` starts afresh, so the
    command line's ``--select`` replaces the file's ``select`` and ``ignore``.
    """
    current = set(CATALOGUE)
    syntax_ignored = False
    for layer in layers:
        if layer.select is not None:
            current = set()
        steps = [(s, True) for s in (*(layer.select or ()), *layer.extend_select)]
        steps += [(s, False) for s in layer.ignore]
        steps.sort(key=lambda step: (_specificity(step[0]), not step[1]))
        for selector, add in steps:
            codes = resolve_codes([selector])
            if add:
                current |= codes
            else:
                current -= codes
                syntax_ignored |= SYNTAX_ERROR in codes
    if not syntax_ignored:
        # Narrowing the rules (`--select TL1`) must not turn a file that does not parse into
        # "All checks passed"; only an ignore that names it silences TL000.
        current.add(SYNTAX_ERROR)
    return frozenset(current)


def _specificity(selector: str) -> int:
    selector = selector.strip().upper()
    return 0 if selector == "ALL" else len(selector)


@dataclass
class RuleSettings:
    """Which codes run on each file: its project's selection, the command line's, its per-file ignores."""

    command_line: RuleSelection = RuleSelection()
    _by_config: dict[Optional[str], frozenset[str]] = field(default_factory=dict)

    def codes_for(self, path: str, config: Optional[ProjectConfig]) -> frozenset[str]:
        key = config.path if config is not None else None
        codes = self._by_config.get(key)
        if codes is None:
            layers = [config.selection] if config is not None else []
            codes = self._by_config[key] = resolve_selection([*layers, self.command_line])
        if config is not None:
            codes -= config.ignored_codes(path)
        return codes


@dataclass
class ConfigFinder:
    """Finds and loads the configuration governing each folder, once per folder."""

    _by_folder: dict[str, Optional[ProjectConfig]] = field(default_factory=dict)

    def for_file(self, path: str) -> Optional[ProjectConfig]:
        return self.for_folder(os.path.dirname(os.path.abspath(path)))

    def for_folder(self, folder: str) -> Optional[ProjectConfig]:
        folder = os.path.abspath(folder)
        walked = []
        found: Optional[ProjectConfig] = None
        while True:
            if folder in self._by_folder:
                found = self._by_folder[folder]
                break
            walked.append(folder)
            candidate = os.path.join(folder, "pyproject.toml")
            if os.path.isfile(candidate):
                found = load_config(candidate)
                if found is not None:
                    break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        for seen in walked:
            self._by_folder[seen] = found
        return found


def load_config(pyproject: str) -> Optional[ProjectConfig]:
    """The ``[tool.tensorlens]`` table of ``pyproject``, validated; None when it has none."""
    shown = _display(pyproject)
    try:
        with open(pyproject, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ConfigError(f"{shown}: cannot read: {error.strerror or error}") from None
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{shown}: not valid TOML: {error}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError(f"{shown}: cannot be read: its arrays or tables nest too deeply") from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "tensorlens" not in tool:
        return None
    table = tool["tensorlens"]
    if not isinstance(table, dict):
        raise ConfigError(f"{shown}: [tool.tensorlens] must be a table")
    return _validate(table, pyproject, shown)


def _validate(table: dict[str, Any], pyproject: str, shown: str) -> ProjectConfig:
    for key in table:
        if key not in KEYS:
            hint = f" (did you mean `{key.replace('_', '-')}`?)" if key.replace("_", "-") in KEYS else ""
            raise ConfigError(f"{shown}: [tool.tensorlens] unknown key `{key}`{hint}; "
                              f"known keys: {', '.join(KEYS)}")

    def strings(key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{shown}: [tool.tensorlens] `{key}` must be a list of strings, "
                              f"got {_toml_type(value)}")
        return tuple(value)

    def selectors(key: str, value: Any) -> tuple[str, ...]:
        result = strings(key, value)
        for selector in result:
            try:
                resolve_codes([selector])
            except ValueError as error:
                raise ConfigError(f"{shown}: [tool.tensorlens] `{key}`: {error}") from None
        return result

    select = selectors("select", table["select"]) if "select" in table else None
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{shown}: [tool.tensorlens] `per-file-ignores` must be a table of "
                          f"glob = [codes], got {_toml_type(per_file)}")
    per_file_ignores = tuple(
        (pattern, frozenset(resolve_codes(list(selectors(f"per-file-ignores.\"{pattern}\"", codes)))))
        for pattern, codes in per_file.items())

    def positive(key: str, integer: bool) -> Any:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)) or not value > 0:
            kind = "a positive whole number" if integer else "a positive number"
            raise ConfigError(f"{shown}: [tool.tensorlens] `{key}` must be {kind}, got {value!r}")
        return value

    return ProjectConfig(
        path=pyproject,
        root=os.path.dirname(os.path.abspath(pyproject)),
        selection=RuleSelection(select, selectors("ignore", table.get("ignore", [])),
                                selectors("extend-select", table.get("extend-select", []))),
        per_file_ignores=per_file_ignores,
        exclude=strings("exclude", table["exclude"]) if "exclude" in table else None,
        extend_exclude=strings("extend-exclude", table.get("extend-exclude", [])),
        src=tuple(os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(pyproject)), folder))
                  for folder in strings("src", table.get("src", []))),
        max_file_size=positive("max-file-size", integer=True),
        max_file_seconds=positive("max-file-seconds", integer=False),
    )


def _toml_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", dict: "a table",
             list: "an array"}
    if isinstance(value, list):
        odd = [v for v in value if not isinstance(v, str)]
        return "an array holding " + _toml_type(odd[0]) if odd else "an array of strings"
    return names.get(type(value), type(value).__name__)


def _display(path: str) -> str:
    """A configuration path as the user would write it: relative below the current folder."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative


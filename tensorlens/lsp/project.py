"""Which rules run on an open document: its project's ``[tool.tensorlens]`` plus the editor's settings.

The same configuration ``tensorlens check`` reads (:mod:`tensorlens.project.config`):
the nearest ``pyproject.toml`` with a ``[tool.tensorlens]`` table, its
``select``/``ignore``/``extend-select``/``per-file-ignores``, and its
``exclude``/``extend-exclude`` (so a file opened from ``.venv`` or
``site-packages`` is left alone). A broken configuration is reported once and
the document is checked as if there were none.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Optional

from tensorlens.check.limits import FileLimits, limits_for
from tensorlens.lsp.settings import ClientSettings
from tensorlens.project.config import ConfigError, ConfigFinder, ProjectConfig, RuleSettings
from tensorlens.project.files import DEFAULT_EXCLUDES, is_excluded

Warn = Callable[[str, str], None]
"""``warn(key, message)``: report a problem once per key."""


class ProjectRules:
    """Rule codes per document path; forget everything when a configuration file changes."""

    def __init__(self, client: ClientSettings, warn: Warn):
        self._warn = warn
        self._finder = ConfigFinder()
        self._rules = RuleSettings(client.selection())

    def reload(self, client: ClientSettings) -> None:
        self._finder = ConfigFinder()
        self._rules = RuleSettings(client.selection())

    def codes_for(self, path: Optional[str], roots: Sequence[str]) -> Optional[frozenset[str]]:
        """The codes to report for the file at ``path``; None when the configuration excludes it."""
        if not path or not os.path.isabs(path):
            return self._rules.codes_for(path or "", None)
        config = self._config(path)
        if _excluded(path, config, roots):
            return None
        return self._rules.codes_for(path, config)

    def limits_for(self, path: Optional[str]) -> FileLimits:
        """The size and time limits of the file at ``path`` (its project's ``max-file-size``...)."""
        if not path or not os.path.isabs(path):
            return FileLimits()
        return limits_for(self._config(path))

    def _config(self, path: str) -> Optional[ProjectConfig]:
        try:
            return self._finder.for_file(path)
        except ConfigError as error:
            self._warn(str(error), f"TensorLens: {error}; checking without it")
            return None


def _excluded(path: str, config: Optional[ProjectConfig], roots: Sequence[str]) -> bool:
    """Like `check` walking from the configuration's folder (or the workspace root) down to the file."""
    if config is not None:
        anchor = config.root
        patterns = (*(config.exclude if config.exclude is not None else DEFAULT_EXCLUDES), *config.extend_exclude)
    else:
        anchor = next((root for root in roots if _inside(path, root)), os.path.dirname(path))
        patterns = DEFAULT_EXCLUDES
    if not _inside(path, anchor):
        return False
    relative = os.path.relpath(path, anchor).replace(os.sep, "/")
    parts = relative.split("/")
    return any(is_excluded("/".join(parts[:count]), patterns) for count in range(1, len(parts) + 1))


def _inside(path: str, folder: str) -> bool:
    folder = os.path.abspath(folder)
    return os.path.abspath(path).startswith(folder.rstrip(os.sep) + os.sep)

"""The editor's settings for TensorLens (section ``tensorlens``).

Client settings arrive three ways (initializationOptions, a
``workspace/configuration`` answer, ``workspace/didChangeConfiguration``)
and in a few shapes (``{"tensorlens": {...}}``, ``{"settings": ...}`` or the
section itself); all end up as one :class:`ClientSettings`. Its ``select`` and
``ignore`` are one more selection layer on top of the project's
``[tool.tensorlens]``, exactly as ``tensorlens check --select/--ignore`` are:
``select`` replaces the file's selection, ``ignore`` removes codes from it.
``enable: false`` turns the server's diagnostics off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from tensorlens.catalogue import resolve_codes
from tensorlens.project.config import RuleSelection

SECTION = "tensorlens"


@dataclass(frozen=True)
class ClientSettings:
    enable: bool = True
    select: Optional[tuple[str, ...]] = None
    ignore: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: Any, problems: Optional[list[str]] = None) -> ClientSettings:
        """Settings from whatever a client sent; a bad value is reported in ``problems`` and ignored."""
        problems = [] if problems is None else problems
        if isinstance(raw, dict) and "settings" in raw and SECTION not in raw:
            raw = raw["settings"]
        if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
            raw = raw[SECTION]
        if not isinstance(raw, dict):
            if raw is not None:
                problems.append(f"settings: expected an object, got {type(raw).__name__}")
            return cls()
        enable = raw.get("enable", True)
        if not isinstance(enable, bool):
            problems.append(f"settings: `enable` must be true or false, got {enable!r}")
            enable = True
        select = _selectors(raw.get("select"), "select", problems)
        ignore = _selectors(raw.get("ignore"), "ignore", problems) or ()
        # An empty `select` is what an editor sends for "not set": it must not turn every rule off.
        return cls(enable, select or None, ignore)

    def selection(self) -> RuleSelection:
        """These settings as the top selection layer (the command line's place in `check`)."""
        return RuleSelection(self.select, self.ignore)


def _selectors(value: Any, key: str, problems: list[str]) -> Optional[tuple[str, ...]]:
    if value is None:
        return None
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        problems.append(f"settings: `{key}` must be a list of rule codes, got {value!r}")
        return None
    try:
        resolve_codes(list(value))
    except ValueError as error:
        problems.append(f"settings: `{key}`: {error}")
        return None
    return tuple(item.strip().upper() for item in value)

"""The rules. Each ``tlNNN_name.py`` module here defines one :class:`Rule` subclass.

Rules are discovered from the module names, so adding a rule is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Optional

from tensorlens.analysis.rule_api import Rule

_RULE_MODULE = re.compile(r"^tl\d{3}_\w+$")


@lru_cache(maxsize=1)
def rule_classes() -> dict[str, type[Rule]]:
    """Every rule class by code, in code order."""
    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if not _RULE_MODULE.match(module_info.name):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule \
                    and value.__module__ == module.__name__:
                found[value.code] = value
    return dict(sorted(found.items()))


def select_rules(codes: Optional[Iterable[str]] = None) -> list[type[Rule]]:
    """Rule classes for ``codes`` (every rule when None), to hand to the engine."""
    classes = rule_classes()
    if codes is None:
        return list(classes.values())
    wanted = set(codes)
    return [cls for code, cls in classes.items() if code in wanted]

"""Dotted module names: what a relative import refers to. Pure name arithmetic, cheap to import."""

from __future__ import annotations

from typing import Optional


def absolute_module(importer: Optional[str], importer_is_package: bool, relative: int,
                    module: Optional[str]) -> Optional[str]:
    """The absolute name ``from <dots><module> import ...`` refers to, in the module named ``importer``."""
    if relative == 0:
        return module
    if importer is None:
        return None
    package = importer.split(".") if importer_is_package else importer.split(".")[:-1]
    if relative - 1 > len(package):
        return None
    base = package[:len(package) - (relative - 1)]
    parts = [*base, *(module.split(".") if module else [])]
    return ".".join(parts) if parts else None

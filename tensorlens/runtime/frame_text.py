"""Plain-text rendering of ``FrameTensors``: the table and the frame flags."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tensorlens.runtime.frame import FrameTensors

_NAME_WIDTH_CAP = 40


def frame_rows(found: FrameTensors, stats: bool = True) -> list[tuple[str, str]]:
    """``(name, description)`` rows: free tensors first, then each module and its tensors."""
    rows: list[tuple[str, str]] = []
    for row in found.tensors:
        if row.module is None:
            rows.append((_with_aliases(row.name, row.aliases), row.summary if stats else row.header))
    for module in found.modules:
        rows.append((module.name, module.summary))
        for row in found.tensors:
            if row.module == module.name:
                rows.append(("  " + _with_aliases(row.name, row.aliases), row.summary if stats else row.header))
    return rows


def frame_flags(found: FrameTensors) -> list[str]:
    """One line per frame-level hazard (mixed devices, numpy aliasing, cut-off)."""
    flags = []
    if found.mixed_devices:
        parts = [f"{device}: {name_list(names)}" for device, names in found.devices.items()]
        flags.append("devices differ — " + "; ".join(parts))
    for alias in found.numpy_aliases:
        flags.append(f"{alias.tensor_name} shares memory with numpy array {alias.array_name}")
    if found.truncated:
        flags.append(f"stopped after {len(found.tensors)} tensors")
    return flags


def frame_table(found: FrameTensors, stats: bool = True) -> str:
    """Aligned two-column table followed by the flags, or a note when there is nothing."""
    rows = frame_rows(found, stats=stats)
    if not rows:
        return "no tensors in this frame"
    width = min(max(len(name) for name, _ in rows), _NAME_WIDTH_CAP)
    lines = [f"{name:<{width}}  {text}" for name, text in rows]
    lines.extend(f"! {flag}" for flag in frame_flags(found))
    return "\n".join(lines)


def _with_aliases(name: str, aliases: list[str]) -> str:
    if not aliases:
        return name
    return f"{name} (= {', '.join(aliases[:2])}{', …' if len(aliases) > 2 else ''})"


def name_list(names: list[str], limit: int = 4) -> str:
    """``a, b, c, d and 3 more``."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")

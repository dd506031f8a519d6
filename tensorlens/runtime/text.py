"""Number, size and repr formatting shared by the runtime views."""

from __future__ import annotations

import math
from typing import Any

_MAX_REPR = 120


def format_number(x: Any) -> str:
    """Three significant digits for floats, the way lovely-tensors prints statistics.

    Integers are exact, however large: an index, a token id or a hash off by
    one at 2^53 is a different value, not a rounding.
    """
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, complex):
        return f"{format_number(x.real)}{'+' if x.imag >= 0 else '-'}{format_number(abs(x.imag))}j"
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            return str(x)
        text = f"{x:.3g}"
        # 1.0 stays visibly a float, as in torch's own repr.
        return text if any(c in text for c in ".en") else text + ".0"
    return str(x)


def format_count(n: int) -> str:
    """1234 -> 1234, 1_500_000 -> 1.5M: counts stay readable at a glance."""
    if n < 10_000:
        return str(n)
    for scale, suffix in ((10**3, "K"), (10**6, "M"), (10**9, "G")):
        text = f"{n / scale:.3g}"
        if float(text) < 1000:
            return text + suffix
    return f"{n / 10**12:.3g}T"


def format_bytes(n: int) -> str:
    """2560 -> 2.5 KiB."""
    if n < 1024:
        return f"{n} B"
    size = float(n)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        size /= 1024
        if size < 1024 or unit == "TiB":
            return f"{size:.3g} {unit}"
    raise AssertionError("unreachable")


def safe_repr(obj: Any, limit: int = _MAX_REPR) -> str:
    """``repr(obj)`` cut to ``limit`` characters, or a placeholder if repr raises."""
    try:
        text = repr(obj)
    except Exception as exc:
        return f"<{type(obj).__name__} object (repr failed: {type(exc).__name__})>"
    if not isinstance(text, str):
        return f"<{type(obj).__name__} object (repr returned {type(text).__name__})>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

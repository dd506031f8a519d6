"""The value line of a list, tuple or dict that holds tensors: ``list[50] of tensor[64, 128] f32 cuda:0``.

Without it a debugger shows such a container by ``repr()``, which formats
every tensor inside with torch's repr (80 ms for a frame holding a list of
50 tensors, seconds for large ones) on every stop, in Variables, hovers,
watches and the REPL. Here each tensor costs its O(1) header, items are read
through the built-in types' own methods (no user ``__iter__`` or ``items``),
and only the first ``MAX_ITEMS`` are looked at.

A container with no tensor or module among its first items gets ``None``:
the debugger then shows it exactly as it would without TensorLens.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from tensorlens.runtime.summary import is_module, is_tensor, tensor_header

MAX_ITEMS = 64  # items looked at per container
MAX_DEPTH = 2  # [(x, y), ...]: a list of batches is as deep as a value line goes
MAX_CHARS = 240  # a value line longer than this is cut with "…"


def holds_tensors(obj: Any, depth: int = 0) -> bool:
    """Whether a tensor or module is among the first items of ``obj`` (or of its containers)."""
    for item in _items(obj):
        if is_tensor(item) or is_module(item):
            return True
        if depth + 1 < MAX_DEPTH and _is_container(item) and holds_tensors(item, depth + 1):
            return True
    return False


def container_text(obj: Any) -> str | None:
    """``list[50] of tensor[64, 128] f32 cpu``, ``dict[3]: {"x": tensor[8, 4] f32 cpu, ...}``; None without tensors."""
    if not _is_container(obj) or not holds_tensors(obj):
        return None
    text = _describe(obj, depth=0)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _describe(obj: Any, depth: int) -> str:
    size = len(obj) if type(obj) in (list, tuple, dict) else builtin_len(obj) or 0
    label = f"{type(obj).__name__}[{size}]"
    if depth >= MAX_DEPTH:
        return label
    if isinstance(obj, dict):
        pairs = list(islice(dict.items(obj), MAX_ITEMS))
        values = [_item_text(v, depth) for _, v in pairs]
        if len(set(values)) == 1 and size > 1 and (is_tensor(pairs[0][1]) or is_module(pairs[0][1])):
            return f"{label} of {values[0]}"
        inner = ", ".join(f"{_key_text(k)}: {v}" for (k, _), v in zip(pairs, values))
        body = f"{{{inner}{', …' if size > len(pairs) else ''}}}"
        return f"{label}: {body}" if depth == 0 else body
    items = list(_items(obj))
    texts = [_item_text(item, depth) for item in items]
    if len(set(texts)) == 1 and size > 1 and (is_tensor(items[0]) or is_module(items[0])):
        return f"{label} of {texts[0]}"
    brackets = "()" if isinstance(obj, tuple) else "[]"
    inner = ", ".join(texts) + (", …" if size > len(items) else "")
    body = f"{brackets[0]}{inner}{brackets[1]}"
    # The outer line says what it is and how long; an inner one is just its items.
    return f"{label}: {body}" if depth == 0 else body


def _item_text(item: Any, depth: int) -> str:
    if is_tensor(item):
        return tensor_header(item)
    if is_module(item):
        return type(item).__name__
    if _is_container(item):
        return _describe(item, depth + 1)
    if item is None or type(item) in (bool, int, float, complex):
        return repr(item)
    if type(item) is str:
        return repr(item) if len(item) <= 40 else repr(item[:37]) + "…"
    # Anything else is named, not repr'd: its repr is user code.
    return f"<{type(item).__name__}>"


def _items(obj: Any) -> Any:
    if isinstance(obj, dict):
        return islice(dict.values(obj), MAX_ITEMS)
    if isinstance(obj, list):
        return islice(list.__iter__(obj), MAX_ITEMS)
    if isinstance(obj, tuple):
        return islice(tuple.__iter__(obj), MAX_ITEMS)
    return iter(())


def _is_container(obj: Any) -> bool:
    return isinstance(obj, (list, tuple, dict))


def builtin_len(obj: Any) -> int | None:
    """The builtin len of a dict, list or tuple (None for anything else), never a subclass's ``__len__``:
    reading a frame must not run user code. ``type()``, not ``isinstance()``: an object's ``__class__``
    property may raise."""
    kind = type(obj)
    if issubclass(kind, dict):
        return dict.__len__(obj)
    if issubclass(kind, list):
        return list.__len__(obj)
    if issubclass(kind, tuple):
        return tuple.__len__(obj)
    return None


def _key_text(key: Any) -> str:
    if type(key) is str:
        return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if key is None or type(key) in (bool, int, float):
        return repr(key)
    return f"<{type(key).__name__}>"

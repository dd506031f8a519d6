"""Whether a reshape keeps a tensor's dimensions in their order, or reads them in another one.

``x.view(sizes)`` reads the elements in the tensor's logical order whatever the sizes say. When the
sizes are the tensor's own dimensions in the same order, merged or split (``(B, C, H, W)`` to
``(B, C, H*W)``), each new dimension holds what the old ones held. When they are its dimensions in
another order (``(B, L, H, D)`` to ``(B, H, L, D)``, ``(B, C, H, W)`` to ``(B, H*W, C)``), the view
succeeds and mixes elements across dimensions: what ``permute`` would have moved, ``view`` scrambles.

Only known sizes count: a size of 1 places nothing, and a dimension the engine does not know, or two
dimensions of the same size swapped, prove nothing (the in-order reading is then possible).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from tensorlens.analysis.shapes import ONE, Dim, Shape, product


@dataclass(frozen=True)
class Reorder:
    """A reshape that reads the source's dimensions in another order.

    ``order``: the source's dimensions (by position, sizes of 1 left out) in the order the target
    sizes read them; a source dimension the target splits appears once per piece.
    """

    order: tuple[int, ...]


def reordered(source: Shape, target: Shape) -> Optional[Reorder]:
    """Does reshaping ``source`` to ``target`` read the source's dimensions in another order?

    None when some size is unknown, when the target is the source merged or split in order, or when
    the target sizes are not the source's dimensions (grouped) at all.
    """
    if not source.exact or not target.exact:
        return None
    if any(d is None or d.literal == -1 for d in (*source.dims, *target.dims)):
        return None
    positions = [i for i, d in enumerate(source.dims) if d != ONE]
    from_dims: list[Dim] = [d for d in source.dims if d is not None and d != ONE]
    to_dims: list[Dim] = [d for d in target.dims if d is not None and d != ONE]
    if len(from_dims) < 2 or _in_order(from_dims, to_dims):
        return None
    order = _grouping(to_dims, from_dims)
    if order is not None:
        return _unless_sorted(tuple(positions[i] for i in order))
    # The target splits source dimensions and reorders the pieces: group the target by source dimension.
    pieces = _grouping(from_dims, to_dims)
    if pieces is None:
        return None
    owner = {piece: whole for whole, group in enumerate(_groups(from_dims, to_dims, pieces)) for piece in group}
    return _unless_sorted(tuple(positions[owner[piece]] for piece in range(len(to_dims))))


def _unless_sorted(order: tuple[int, ...]) -> Optional[Reorder]:
    """A reorder, unless the dimensions are read in their own order after all."""
    return None if list(order) == sorted(order) else Reorder(order)


def _in_order(from_dims: Sequence[Dim], to_dims: Sequence[Dim]) -> bool:
    """Are the target sizes the source's, in order, each one merging a run of source dimensions or
    splitting one into a run (the reshapes that keep every element under its own indices)?"""

    def walk(i: int, j: int) -> bool:
        if i == len(from_dims) or j == len(to_dims):
            return i == len(from_dims) and j == len(to_dims)
        for k in range(1, len(from_dims) - i + 1):
            if product(from_dims[i:i + k]) == to_dims[j] and walk(i + k, j + 1):
                return True
        for k in range(2, len(to_dims) - j + 1):
            if product(to_dims[j:j + k]) == from_dims[i] and walk(i + 1, j + k):
                return True
        return False

    return walk(0, 0)


def _grouping(wholes: Sequence[Dim], parts: Sequence[Dim]) -> Optional[tuple[int, ...]]:
    """Each whole as the product of some of the parts, every part used once: the parts' indices in the
    order the wholes take them (each whole's parts in their own order). None when there is no such split."""
    used = [False] * len(parts)

    def take(w: int) -> Optional[list[int]]:
        if w == len(wholes):
            return [] if all(used) else None
        for chosen in _subsets([i for i, u in enumerate(used) if not u]):
            if product(parts[i] for i in chosen) != wholes[w]:
                continue
            for i in chosen:
                used[i] = True
            rest = take(w + 1)
            for i in chosen:
                used[i] = False
            if rest is not None:
                return [*chosen, *rest]
        return None

    found = take(0)
    return tuple(found) if found is not None else None


def _groups(wholes: Sequence[Dim], parts: Sequence[Dim], order: tuple[int, ...]) -> list[list[int]]:
    """``order`` (from :func:`_grouping`) cut back into each whole's parts."""
    groups: list[list[int]] = []
    position = 0
    for whole in wholes:
        group: list[int] = []
        while product(parts[i] for i in group) != whole:
            group.append(order[position])
            position += 1
        groups.append(group)
    return groups


def _subsets(items: list[int]) -> list[tuple[int, ...]]:
    """The non-empty subsets of ``items``, smallest first (ranks are small: at most 2**8 of them)."""
    if len(items) > 8:
        return []
    found = [tuple(i for bit, i in enumerate(items) if mask >> bit & 1) for mask in range(1, 1 << len(items))]
    return sorted(found, key=len)

"""Reading a tensor's sizes names them: ``B, L, H, D = x.shape`` makes ``x`` a ``[B, L, H, D]``.

A size the engine does not know becomes a symbol where the code reads it (``x.size(0)``,
``x.shape``). The symbol is the dimension itself, so the tensor it was read from keeps it too:
a later ``x.view(B, H, L, D)`` compares the tensor's own dimensions with the sizes it is given.
Unpacking ``x.shape`` into N names also tells the rank of a tensor whose rank was unknown (the
unpacking raises otherwise). Each symbol is keyed on the read that named it, so the fact is
exactly what that read returned: the dimension it named, of the tensor as it was then.

A tensor whose rank is unknown keeps the sizes read from its front (``x.shape[0]``, ``x.size(2)``)
under the paths ``x.shape[0]``, ``x.shape[2]``: rebinding ``x`` forgets them, as it forgets every path
below ``x``. A view whose sizes hold exactly as many elements as those leading sizes, none -1, can
only succeed if the tensor is those sizes (any further dimension is 1): :meth:`SizeNames.viewed_shape`.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import shapes as sh
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.shapes import Dim, Shape, Symbol, product
from tensorlens.analysis.size_facts import integer_value
from tensorlens.analysis.values import SCALAR, AbstractValue, Kind

_CODE = cst.Module(body=[])


class SizeNames(Engine):
    """Part: a tensor whose sizes the code reads has those sizes as named symbols from then on."""

    def name_read_sizes(self, tensor: cst.CSTNode, read: cst.CSTNode,
                        rank: Optional[int] = None) -> Optional[Shape]:
        """The shape of ``tensor`` with every unknown dimension named after ``read`` (``x.shape[1]``),
        kept in the state when ``tensor`` is a variable or attribute; ``rank``: the rank the read
        proves when the shape was unknown (None: it proves none). None when nothing is known."""
        if self.state is None:
            return None
        path = self.path_of(tensor) if isinstance(tensor, cst.BaseExpression) else None
        value = self.state.values.get(path) if path is not None else None
        if path is None or value is None or value.kind is not Kind.TENSOR:
            return None
        shape = value.shape
        if shape is None or not shape.exact:
            if rank is None or shape is not None and len(shape.dims) > rank:
                return shape
            known = shape.dims if shape is not None else ()
            shape = Shape((None,) * (rank - len(known)) + tuple(known))
        if all(dim is not None for dim in shape.dims):
            return shape
        text = _CODE.code_for_node(read) if isinstance(read, cst.BaseExpression) else "size"
        named = Shape(tuple(dim if dim is not None else _read_symbol(read, position, text)
                            for position, dim in enumerate(shape.dims)))
        self.state.values[path] = value.but(shape=named)
        return named

    def leading_size(self, tensor: cst.CSTNode, position: int, read: cst.CSTNode) -> Optional[Dim]:
        """``x.shape[i]`` or ``x.size(i)`` (``i`` from the front) of a tensor of unknown rank: the size,
        named after the first read of it and kept under ``x.shape[i]``; None when ``x`` is no such tensor."""
        if self.state is None or position < 0:
            return None
        path = self.path_of(tensor) if isinstance(tensor, cst.BaseExpression) else None
        value = self.state.values.get(path) if path is not None else None
        if path is None or value is None or value.kind is not Kind.TENSOR or value.shape is not None:
            return None
        key = f"{path}.shape[{position}]"
        known = self.state.values.get(key)
        if known is not None and known.integer is not None:
            return known.integer
        text = _CODE.code_for_node(read) if isinstance(read, cst.BaseExpression) else key
        size = sh.symbolic(Symbol((read, position), text, read, text, provisional=True))
        self.state.bind(key, integer_value(size))
        return size

    def viewed_shape(self, tensor: cst.CSTNode, sizes: tuple[Optional[Dim], ...]) -> Optional[Shape]:
        """The shape a tensor of unknown rank must have for ``view(sizes)`` to succeed: its leading sizes
        read so far, when they hold as many elements as ``sizes`` (no -1 among them); else None."""
        if self.state is None or any(size is None or size.literal == -1 for size in sizes):
            return None
        path = self.path_of(tensor) if isinstance(tensor, cst.BaseExpression) else None
        if path is None:
            return None
        leading: list[Dim] = []
        while True:
            known = self.state.values.get(f"{path}.shape[{len(leading)}]")
            if known is None or known.integer is None:
                break
            leading.append(known.integer)
        if not leading or product(leading) != product(sizes):
            return None
        return Shape(tuple(leading))

    def unpacked_sizes(self, read: Optional[cst.BaseExpression], count: int) -> Optional[tuple[AbstractValue, ...]]:
        """``a, b, c = x.shape`` (or ``x.size()``): the sizes each name gets, the tensor's rank now ``count``;
        None when ``read`` is not such a read of a tensor's sizes."""
        if isinstance(read, cst.Attribute) and read.attr.value == "shape":
            tensor = read.value
        elif isinstance(read, cst.Call) and not read.args and isinstance(read.func, cst.Attribute) \
                and read.func.attr.value == "size":
            tensor = read.func.value
        else:
            return None
        named = self.name_read_sizes(tensor, read, rank=count)
        if named is None or not named.exact or len(named.dims) != count:
            return None
        return tuple(integer_value(dim) if dim is not None else SCALAR for dim in named.dims)


def _read_symbol(read: cst.CSTNode, position: int, text: str) -> sh.Dim:
    """The size at ``position``, named after the read (the key the read's own sizes use)."""
    return sh.symbolic(Symbol((read, position), f"{text}[{position}]", read, f"{text}[{position}]",
                              provisional=True))

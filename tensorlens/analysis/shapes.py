"""Static tensor shapes: dimensions, shapes, their join, and PyTorch's shape arithmetic.

A dimension (:class:`Dim`) is a literal size, a product of a literal and named
symbols (``B``, ``2*B``), or unknown (``None`` wherever a dimension is held). A
symbol (:class:`Symbol`) is a size the engine cannot compute but can name and
follow: ``B`` read from ``x.size(0)``, a parameter of a module's ``__init__``,
a config value, a DataLoader's batch. Two dimensions are equal when they are
the same product; they certainly differ only when the symbols agree and the
literal parts do not (``64`` vs ``32``, ``B*256`` vs ``B*400``): a symbol alone
never contradicts anything, so an unknown size never produces a finding.

The functions below compute what PyTorch computes (broadcasting, matmul,
concatenation, reshape, convolution and pooling sizes) and, where PyTorch
would raise, return its error text instead of a shape (:class:`Mismatch`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst


@dataclass(frozen=True)
class Symbol:
    """A size known by name: ``key`` is its identity, ``name`` how messages call it."""

    key: Hashable
    name: str = field(compare=False)
    origin: Optional[cst.CSTNode] = field(default=None, compare=False)  # where the name was learned
    how: str = field(default="", compare=False)  # "x.size(0)", "a parameter of Net.__init__"
    provisional: bool = field(default=False, compare=False)  # named after its expression until assigned

    def renamed(self, name: str) -> Symbol:
        """The same size under the variable it was assigned to (``B = x.size(0)``)."""
        return Symbol(self.key, name, self.origin, self.how or self.name, provisional=False)


def _symbol_order(symbol: Symbol) -> int:
    return hash(symbol.key)


@dataclass(frozen=True)
class Dim:
    """A dimension's size: ``coefficient`` times the product of ``symbols`` (none: a literal)."""

    coefficient: int
    symbols: tuple[Symbol, ...] = ()

    @property
    def literal(self) -> Optional[int]:
        """The size when it is a plain number."""
        return None if self.symbols else self.coefficient

    def times(self, other: Dim) -> Dim:
        """The product of two sizes."""
        if not other.symbols and not self.symbols:
            return literal(self.coefficient * other.coefficient)
        symbols = tuple(sorted((*self.symbols, *other.symbols), key=_symbol_order))
        return Dim(self.coefficient * other.coefficient, symbols)

    def divided_by(self, other: Dim) -> Optional[Dim]:
        """``self / other`` when it is a product again (the divisor's symbols all cancel); else None."""
        if other.coefficient == 0 or self.coefficient % other.coefficient:
            return None
        remaining = list(self.symbols)
        for symbol in other.symbols:
            if symbol not in remaining:
                return None
            remaining.remove(symbol)
        return Dim(self.coefficient // other.coefficient, tuple(remaining)) if remaining \
            else literal(self.coefficient // other.coefficient)

    def __str__(self) -> str:
        if not self.symbols:
            return str(self.coefficient)
        names = "*".join(symbol.name for symbol in self.symbols)
        return names if self.coefficient == 1 else f"{self.coefficient}*{names}"


_SMALL = tuple(Dim(n) for n in range(1025))


def literal(size: int) -> Dim:
    """The dimension of a known size."""
    return _SMALL[size] if 0 <= size < len(_SMALL) else Dim(size)


def symbolic(symbol: Symbol) -> Dim:
    """The dimension ``symbol`` names."""
    return Dim(1, (symbol,))


ONE = literal(1)


def certainly_differ(a: Optional[Dim], b: Optional[Dim]) -> bool:
    """Can these two sizes never be equal? Only when their symbols agree and their literal parts do not."""
    return a is not None and b is not None and a.symbols == b.symbols and a.coefficient != b.coefficient


def may_be_one(dim: Optional[Dim]) -> bool:
    """Could this size be 1 (a dimension broadcasting stretches)?"""
    return dim is None or dim.symbols != () or dim.coefficient == 1


def join_dim(a: Optional[Dim], b: Optional[Dim]) -> Optional[Dim]:
    """What two paths agree on."""
    return a if a == b else None


def product(dims: Iterable[Optional[Dim]]) -> Optional[Dim]:
    """The number of elements of these dimensions (None if any is unknown)."""
    total: Optional[Dim] = ONE
    for dim in dims:
        if dim is None or total is None:
            return None
        total = total.times(dim)
    return total


@dataclass(frozen=True)
class Shape:
    """A tensor's dimensions, outermost first.

    ``exact``: the rank is known. When False, ``dims`` are only the trailing
    dimensions (a Linear's ``[..., 10]``): any number of others may precede them.
    """

    dims: tuple[Optional[Dim], ...]
    exact: bool = True

    @property
    def rank(self) -> Optional[int]:
        return len(self.dims) if self.exact else None

    def at(self, index: int) -> Optional[Dim]:
        """The dimension at ``index`` (negative from the end); None when unknown or out of what is known."""
        if index < 0:
            return self.dims[index] if -index <= len(self.dims) else None
        if self.exact and index < len(self.dims):
            return self.dims[index]
        return None

    @property
    def numel(self) -> Optional[Dim]:
        return product(self.dims) if self.exact else None

    @property
    def is_literal(self) -> bool:
        return self.exact and all(d is not None and d.literal is not None for d in self.dims)

    def __str__(self) -> str:
        sizes = ", ".join("?" if d is None else str(d) for d in self.dims)
        if not self.exact:
            return f"[..., {sizes}]" if sizes else "[...]"
        return f"[{sizes}]"

    def symbols(self) -> list[Symbol]:
        """The symbols its dimensions name, each once, in order."""
        found: list[Symbol] = []
        for dim in self.dims:
            for symbol in dim.symbols if dim is not None else ():
                if symbol not in found:
                    found.append(symbol)
        return found


def exact(*dims: Optional[Dim]) -> Shape:
    return Shape(tuple(dims))


def of_sizes(*sizes: int) -> Shape:
    """A shape of literal sizes."""
    return Shape(tuple(literal(size) for size in sizes))


def trailing(*dims: Optional[Dim]) -> Shape:
    """A shape whose last dimensions are known and whose rank is not."""
    return Shape(tuple(dims), exact=False)


def join_shape(a: Optional[Shape], b: Optional[Shape]) -> Optional[Shape]:
    """What two paths agree on: the same rank, and the dimensions that are the same on both."""
    if a is None or b is None:
        return None
    if a == b:
        return a
    if a.exact and b.exact:
        if len(a.dims) != len(b.dims):
            return None
        return Shape(tuple(join_dim(x, y) for x, y in zip(a.dims, b.dims)))
    common = min(len(a.dims), len(b.dims))
    if common == 0:
        return None
    return Shape(tuple(join_dim(x, y) for x, y in zip(a.dims[len(a.dims) - common:], b.dims[len(b.dims) - common:])),
                 exact=False)


def normalize_dim(dim: int, rank: int) -> Optional[int]:
    """A dimension argument (``-1``) as a position in ``0..rank-1``; None when out of range."""
    position = dim + rank if dim < 0 else dim
    return position if 0 <= position < rank else None


def sizes_text(dims: Sequence[Optional[Dim]]) -> str:
    """``[2, 3]`` as PyTorch prints sizes."""
    return "[" + ", ".join("?" if d is None else str(d) for d in dims) + "]"


def torch_size_text(shape: Shape) -> str:
    """``torch.Size([16, 1])``."""
    return f"torch.Size({sizes_text(shape.dims)})"


@dataclass(frozen=True)
class Mismatch:
    """PyTorch's error for shapes that cannot meet, with the dimensions that clash (for messages)."""

    error: str


ShapeOrMismatch = Union[Shape, Mismatch, None]


# --- broadcasting -----------------------------------------------------------------------------------------------

def broadcast_dim(a: Optional[Dim], b: Optional[Dim]) -> tuple[Optional[Dim], bool]:
    """The broadcast of two sizes, and whether they certainly clash."""
    if a == b:
        return a, False
    if a is not None and a.literal == 1:
        return b, False
    if b is not None and b.literal == 1:
        return a, False
    if certainly_differ(a, b):
        return None, True
    # One side may be 1 or equal to the other: a size other than 1 is what the result has.
    for known, other in ((a, b), (b, a)):
        if known is not None and not may_be_one(known) and (other is None or may_be_one(other)):
            return known, False
    return None, False


def broadcast(a: Shape, b: Shape) -> ShapeOrMismatch:
    """The shape of ``a + b``, or PyTorch's error when the sizes cannot broadcast."""
    longest = max(len(a.dims), len(b.dims))
    dims: list[Optional[Dim]] = []
    for offset in range(1, longest + 1):  # from the last dimension, as PyTorch reports the clash
        x = a.dims[-offset] if offset <= len(a.dims) else (None if not a.exact else ONE)
        y = b.dims[-offset] if offset <= len(b.dims) else (None if not b.exact else ONE)
        size, clash = broadcast_dim(x, y)
        if clash:
            position = longest - offset if a.exact and b.exact else -offset
            return Mismatch(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at non-singleton "
                            f"dimension {position}")
        dims.append(size)
    return Shape(tuple(reversed(dims)), a.exact and b.exact)


def broadcast_in_place(target: Shape, value: Shape) -> ShapeOrMismatch:
    """``target += value``: the value broadcasts to the target's shape, which cannot grow."""
    result = broadcast(target, value)
    if isinstance(result, Mismatch) or result is None:
        return result
    if target.exact and value.exact and len(value.dims) > len(target.dims) and all(
            d is not None and d.literal is not None for d in value.dims[:len(value.dims) - len(target.dims)]) and \
            any(d is not None and d.literal != 1 for d in value.dims[:len(value.dims) - len(target.dims)]):
        return Mismatch(f"output with shape {sizes_text(target.dims)} doesn't match the broadcast shape "
                        f"{sizes_text(result.dims)}")
    for mine, theirs in zip(reversed(target.dims), reversed(result.dims)):
        if mine is not None and mine.literal == 1 and theirs is not None and theirs.literal not in (None, 1):
            return Mismatch(f"output with shape {sizes_text(target.dims)} doesn't match the broadcast shape "
                            f"{sizes_text(result.dims)}")
    return target


# --- matrix products ------------------------------------------------------------------------------------------

def matrix_text(rows: Optional[Dim], columns: Optional[Dim]) -> str:
    return f"{'?' if rows is None else rows}x{'?' if columns is None else columns}"


def matmul(a: Shape, b: Shape) -> ShapeOrMismatch:
    """``torch.matmul(a, b)`` / ``a @ b``: PyTorch's rules for 1-D, 2-D and batched operands."""
    if not a.exact or not b.exact:
        return _matmul_partial(a, b)
    ra, rb = len(a.dims), len(b.dims)
    if ra == 0 or rb == 0:
        return Mismatch(f"both arguments to matmul need to be at least 1D, but they are {ra}D and {rb}D")
    if ra == 1 and rb == 1:
        if certainly_differ(a.dims[0], b.dims[0]):
            return Mismatch(f"inconsistent tensor size, expected tensor [{a.dims[0]}] and src [{b.dims[0]}] to have "
                            f"the same number of elements, but got {a.dims[0]} and {b.dims[0]} elements respectively")
        return Shape(())
    if ra == 2 and rb == 1:
        if certainly_differ(a.dims[1], b.dims[0]):
            return Mismatch(f"size mismatch, got input ({a.dims[0]}), mat ({matrix_text(*a.dims)}), "
                            f"vec ({b.dims[0]})")
        return Shape((a.dims[0],))
    if ra == 1 and rb == 2:
        if certainly_differ(a.dims[0], b.dims[0]):
            return Mismatch(f"mat1 and mat2 shapes cannot be multiplied ({matrix_text(ONE, a.dims[0])} and "
                            f"{matrix_text(*b.dims)})")
        return Shape((b.dims[1],))
    if ra == 2 and rb == 2:
        return mm(a, b)
    return _batched_matmul(a, b)


def _matmul_partial(a: Shape, b: Shape) -> ShapeOrMismatch:
    """A matmul where a rank is unknown: only a known 2-D right operand pins the inner size (``x @ w``)."""
    if b.exact and len(b.dims) == 2 and len(a.dims) >= 1:
        if certainly_differ(a.dims[-1], b.dims[0]):
            return Mismatch(f"mat1 and mat2 shapes cannot be multiplied (?x{a.dims[-1]} and {matrix_text(*b.dims)})")
        return Shape((*a.dims[:-1], b.dims[1]), exact=False)
    return None


def mm(a: Shape, b: Shape) -> ShapeOrMismatch:
    """``torch.mm``: two matrices."""
    if a.rank is not None and a.rank != 2:
        return Mismatch("self must be a matrix")
    if b.rank is not None and b.rank != 2:
        return Mismatch("mat2 must be a matrix")
    if not a.exact or not b.exact:
        return None
    if certainly_differ(a.dims[1], b.dims[0]):
        return Mismatch(f"mat1 and mat2 shapes cannot be multiplied ({matrix_text(*a.dims)} and "
                        f"{matrix_text(*b.dims)})")
    return Shape((a.dims[0], b.dims[1]))


def bmm(a: Shape, b: Shape) -> ShapeOrMismatch:
    """``torch.bmm``: two batches of matrices, the same batch."""
    if a.rank is not None and a.rank != 3:
        return Mismatch("batch1 must be a 3D tensor")
    if b.rank is not None and b.rank != 3:
        return Mismatch("batch2 must be a 3D tensor")
    if not a.exact or not b.exact:
        return None
    if certainly_differ(a.dims[0], b.dims[0]) or certainly_differ(a.dims[2], b.dims[1]):
        expected = sizes_text((a.dims[0], a.dims[2]))
        return Mismatch(f"Expected size for first two dimensions of batch2 tensor to be: {expected} "
                        f"but got: {sizes_text(b.dims[:2])}.")
    return Shape((a.dims[0], a.dims[1], b.dims[2]))


def _batched_matmul(a: Shape, b: Shape) -> ShapeOrMismatch:
    left = a.dims if len(a.dims) > 1 else (ONE, *a.dims)
    right = b.dims if len(b.dims) > 1 else (*b.dims, ONE)
    batch = broadcast(Shape(left[:-2]), Shape(right[:-2]))
    if not isinstance(batch, Shape):
        return batch
    if certainly_differ(left[-1], right[-2]):
        count = product(batch.dims)
        return Mismatch(f"Expected size for first two dimensions of batch2 tensor to be: "
                        f"{sizes_text((count, left[-1]))} but got: {sizes_text((count, right[-2]))}.")
    dims = list(batch.dims)
    if len(a.dims) > 1:
        dims.append(left[-2])
    if len(b.dims) > 1:
        dims.append(right[-1])
    return Shape(tuple(dims))


def linear(input_shape: Shape, in_features: Optional[Dim], out_features: Optional[Dim]) -> ShapeOrMismatch:
    """``nn.Linear(in_features, out_features)`` (or ``F.linear`` with a ``[out, in]`` weight) on ``input_shape``."""
    if input_shape.rank == 0:
        return Mismatch("both arguments to linear need to be at least 1D, but they are 0D and 2D")
    last = input_shape.at(-1)
    if certainly_differ(last, in_features):
        rows = product(input_shape.dims[:-1]) if input_shape.exact else None
        return Mismatch(f"mat1 and mat2 shapes cannot be multiplied ({matrix_text(rows, last)} and "
                        f"{matrix_text(in_features, out_features)})")
    if not input_shape.dims:
        return trailing(out_features)
    return Shape((*input_shape.dims[:-1], out_features), input_shape.exact)


# --- joining tensors ---------------------------------------------------------------------------------------------

def concatenate(shapes: Sequence[Shape], dim: int) -> ShapeOrMismatch:
    """``torch.cat(tensors, dim)``: every other dimension equal; the result adds up ``dim``."""
    # PyTorch lets a 1-D empty tensor join anything (legacy behaviour): such a tensor is never compared.
    joined = [(number, shape) for number, shape in enumerate(shapes) if shape.exact and not _is_empty_vector(shape)]
    if not joined:
        return None
    first = joined[0][1]
    for _, shape in joined[1:]:
        if len(shape.dims) != len(first.dims):
            return Mismatch(f"Tensors must have same number of dimensions: got {len(first.dims)} and "
                            f"{len(shape.dims)}")
    position = normalize_dim(dim, len(first.dims))
    if position is None:
        return None
    dims = list(first.dims)
    for number, shape in joined[1:]:
        for index, (expected, got) in enumerate(zip(first.dims, shape.dims)):
            if index == position:
                continue
            if certainly_differ(expected, got):
                return Mismatch(f"Sizes of tensors must match except in dimension {position}. Expected size "
                                f"{expected} but got size {got} for tensor number {number} in the list.")
            if dims[index] is None:
                dims[index] = got
    if len(joined) != len(shapes):
        return None
    dims[position] = product_sum([shape.dims[position] for _, shape in joined])
    return Shape(tuple(dims))


def _is_empty_vector(shape: Shape) -> bool:
    return shape.exact and len(shape.dims) == 1 and shape.dims[0] is not None and shape.dims[0].literal == 0


def product_sum(dims: Sequence[Optional[Dim]]) -> Optional[Dim]:
    """The sum of sizes when all are literal, or all the same symbols (``B + B`` is ``2*B``)."""
    known = [d for d in dims if d is not None]
    if not known or len(known) != len(dims) or any(d.symbols != known[0].symbols for d in known):
        return None
    total = sum(d.coefficient for d in known)
    return Dim(total, known[0].symbols) if known[0].symbols else literal(total)


def agreed(sizes: Iterable[Optional[Dim]]) -> Optional[Dim]:
    """The size that sizes which must be equal (and do not certainly differ) have: the first one known."""
    return next((size for size in sizes if size is not None), None)


def stack(shapes: Sequence[Shape], dim: int) -> ShapeOrMismatch:
    """``torch.stack(tensors, dim)``: every shape equal; a new dimension of their count."""
    known = [(number, shape) for number, shape in enumerate(shapes) if shape.exact]
    if not known:
        return None
    first_number, first = known[0]
    for number, shape in known[1:]:
        if len(shape.dims) != len(first.dims) or any(certainly_differ(a, b) for a, b in zip(first.dims, shape.dims)):
            return Mismatch(f"stack expects each tensor to be equal size, but got {sizes_text(first.dims)} at entry "
                            f"{first_number} and {sizes_text(shape.dims)} at entry {number}")
    position = normalize_dim(dim, len(first.dims) + 1)
    if position is None or len(known) != len(shapes):
        return None
    dims = [agreed(column) for column in zip(*(shape.dims for _, shape in known))]
    dims.insert(position, literal(len(shapes)))
    return Shape(tuple(dims))


# --- reshaping ---------------------------------------------------------------------------------------------------

def reshape(input_shape: Shape, sizes: Sequence[Optional[Dim]]) -> ShapeOrMismatch:
    """``view``/``reshape`` to ``sizes`` (one may be -1): the element counts must agree."""
    wildcard = [i for i, size in enumerate(sizes) if size is not None and size.literal == -1]
    if len(wildcard) > 1:
        return Mismatch("only one dimension can be inferred")
    numel = input_shape.numel
    others = product(size for i, size in enumerate(sizes) if i not in wildcard)
    described = "[" + ", ".join("?" if s is None else str(s) for s in sizes) + "]"
    if numel is None or others is None:
        return Shape(tuple(None if i in wildcard else size for i, size in enumerate(sizes)))
    if not wildcard:
        if certainly_differ(numel, others):
            return Mismatch(f"shape '{described}' is invalid for input of size {numel}")
        return Shape(tuple(sizes))
    inferred = numel.divided_by(others)
    if inferred is None:
        if numel.symbols == others.symbols and others.coefficient != 0 and numel.coefficient % others.coefficient:
            return Mismatch(f"shape '{described}' is invalid for input of size {numel}")
        return Shape(tuple(None if i in wildcard else size for i, size in enumerate(sizes)))
    return Shape(tuple(inferred if i in wildcard else size for i, size in enumerate(sizes)))


def flatten(shape: Shape, start: int = 0, end: int = -1) -> Optional[Shape]:
    """``torch.flatten(x, start, end)``."""
    if not shape.exact:
        if start < 0 and end == -1 and -start <= len(shape.dims):
            return trailing(product(shape.dims[start:]))
        return None
    rank = len(shape.dims)
    if rank == 0:
        return Shape((ONE,))
    first, last = normalize_dim(start, rank), normalize_dim(end, rank)
    if first is None or last is None or first > last:
        return None
    return Shape((*shape.dims[:first], product(shape.dims[first:last + 1]), *shape.dims[last + 1:]))


# --- convolution and pooling -------------------------------------------------------------------------------------

def conv_size(size: Optional[Dim], kernel: int, stride: int, padding: int, dilation: int) -> Optional[Dim]:
    """One spatial size after a convolution or a floor-mode pooling."""
    if size is None:
        return None
    if stride == 1 and 2 * padding == dilation * (kernel - 1):
        return size  # "same" convolution: any size, symbolic too, comes out unchanged
    if size.literal is None:
        return None
    return literal((size.literal + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1)


def pool_size(size: Optional[Dim], kernel: int, stride: int, padding: int, dilation: int,
              ceil_mode: bool) -> Optional[Dim]:
    """One spatial size after max/avg pooling (``ceil_mode`` rounds up, keeping the last window inside)."""
    if not ceil_mode:
        return conv_size(size, kernel, stride, padding, dilation)
    if size is None or size.literal is None:
        return None
    span = size.literal + 2 * padding - dilation * (kernel - 1) - 1
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size.literal + padding:
        out -= 1
    return literal(out)


def transposed_conv_size(size: Optional[Dim], kernel: int, stride: int, padding: int, dilation: int,
                         output_padding: int) -> Optional[Dim]:
    """One spatial size after a transposed convolution."""
    if size is None or size.literal is None:
        if size is not None and stride == 1 and dilation * (kernel - 1) + output_padding == 2 * padding:
            return size
        return None
    return literal((size.literal - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1)

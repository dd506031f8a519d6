"""Per-op shape semantics: the result shape of a torch function, method, factory or index, from its record.

Each function here is pure: it takes the operands' shapes and an
:class:`OpArguments` reader of the literal arguments, and returns the result's
shape, PyTorch's error (:class:`~tensorlens.analysis.shapes.Mismatch`), a tuple
of shapes for ops that return several tensors (``split``, ``chunk``), or None
when the engine cannot know. The engine part that feeds them is
:mod:`tensorlens.analysis.shape_semantics`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional, Protocol, Union

from tensorlens.analysis import layers as ly
from tensorlens.analysis import shapes as sh
from tensorlens.analysis.shapes import Dim, Mismatch, Shape, ShapeOrMismatch
from tensorlens.analysis.torch_api.shapes import ShapeApi, ShapeRule

OpShape = Union[Shape, Mismatch, tuple[Optional[Shape], ...], None]
"""An op's result: one shape, several (``split``), PyTorch's error, or unknown."""


class OpArguments(ly.Arguments, Protocol):
    """Reads an op's arguments after its input tensor; adds tensor arguments and variadic sizes."""

    def shape(self, name: str) -> Optional[Shape]:
        """A tensor argument's shape."""

    def variadic_sizes(self) -> Optional[tuple[Optional[Dim], ...]]:
        """The sizes of ``view(2, 3)``/``view((2, 3))``/``view(x.size())``: every positional argument after the
        input, or the one sequence among them (None when unknown or starred)."""


def op_shape(record: ShapeApi, input_shape: Optional[Shape], arguments: OpArguments,
             tensors: Sequence[Optional[Shape]]) -> OpShape:
    """The result of the op ``record`` describes; ``tensors`` are the shapes of all its tensor operands in order
    (the input first), for broadcasting."""
    rule = record.rule
    if rule is ShapeRule.BROADCAST:
        return broadcast_all(tensors)
    if rule in (ShapeRule.CAT, ShapeRule.STACK):
        return None  # joined from a sequence argument: see joined_shape
    if input_shape is None:
        return None
    if rule is ShapeRule.SAME:
        return input_shape
    handler = _HANDLERS.get(rule)
    return handler(record, input_shape, arguments) if handler is not None else None


def broadcast_all(shapes: Sequence[Optional[Shape]]) -> ShapeOrMismatch:
    """The broadcast of every operand: PyTorch's error as soon as two known shapes clash."""
    result: Optional[Shape] = None
    unknown = False
    for shape in shapes:
        if shape is None:
            unknown = True
            continue
        if result is None:
            result = shape
            continue
        joined = sh.broadcast(result, shape)
        if isinstance(joined, Mismatch):
            return joined
        if joined is None:
            unknown = True
            continue
        result = joined
    return None if unknown else result


def joined_shape(record: ShapeApi, shapes: Optional[Sequence[Optional[Shape]]], dim: Optional[Dim],
                 dim_given: bool) -> ShapeOrMismatch:
    """``torch.cat``/``torch.stack`` of a literal list of tensors along ``dim`` (default 0)."""
    if shapes is None or not shapes:
        return None
    position = 0 if not dim_given else (dim.literal if dim is not None else None)
    if position is None:
        return None
    known = [shape for shape in shapes if shape is not None]
    if record.rule is ShapeRule.STACK:
        result = sh.stack(known, position)
    else:
        result = sh.concatenate(known, position)
    if isinstance(result, Mismatch) or len(known) == len(shapes):
        return result
    return None


def _dim_argument(arguments: OpArguments, name: str, default: Optional[int]) -> Optional[int]:
    if not arguments.given(name):
        return default
    value = arguments.dim(name)
    return value.literal if value is not None else None


def _position(arguments: OpArguments, name: str, rank: int, default: Optional[int] = None,
              extra: int = 0) -> Optional[int]:
    dim = _dim_argument(arguments, name, default)
    return sh.normalize_dim(dim, rank + extra) if dim is not None else None


def _matmul(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    other = arguments.shape(record.parameters[0])
    if other is None:
        return None
    if record.rule is ShapeRule.MM:
        return sh.mm(shape, other)
    if record.rule is ShapeRule.BMM:
        return sh.bmm(shape, other)
    return sh.matmul(shape, other)


def _linear(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    weight = arguments.shape("weight")
    if weight is None or not weight.exact or len(weight.dims) != 2:
        return None
    return sh.linear(shape, weight.dims[1], weight.dims[0])


def _conv(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    weight = arguments.shape("weight")
    n = record.spatial
    if weight is None or not weight.exact or len(weight.dims) != n + 2:
        return None
    groups = _dim_argument(arguments, "groups", 1)
    per_group = weight.dims[1]
    in_channels = per_group.times(sh.literal(groups)) if per_group is not None and groups is not None else None
    layer = ly.ConvLayer(n, in_channels, weight.dims[0], weight.dims[2:],
                         _spatial(arguments, "stride", n, 1), _padding(arguments, n),
                         _spatial(arguments, "dilation", n, 1), groups)
    return ly.conv_output(layer, shape)


def _spatial(arguments: OpArguments, name: str, count: int, default: int) -> ly.Spatial:
    if not arguments.given(name):
        return ly.repeated(default, count)
    return arguments.spatial(name, count) or (None,) * count


def _padding(arguments: OpArguments, count: int) -> Optional[ly.Spatial]:
    if arguments.text("padding") == "same":
        return None
    if arguments.text("padding") == "valid":
        return ly.repeated(0, count)
    return _spatial(arguments, "padding", count, 0)


def pool_layer(record: ShapeApi, arguments: OpArguments) -> ly.PoolLayer:
    """What ``F.max_pool2d(x, 2)``'s arguments say, as the layer ``nn.MaxPool2d(2)`` would be."""
    n = record.spatial
    kernel = arguments.spatial("kernel_size", n) or (None,) * n
    stride = kernel if not arguments.given("stride") or arguments.is_none("stride") \
        else arguments.spatial("stride", n) or (None,) * n
    ceil_mode = arguments.flag("ceil_mode") if arguments.given("ceil_mode") else False
    dilation = _spatial(arguments, "dilation", n, 1) if record.rule is ShapeRule.MAX_POOL else ly.repeated(1, n)
    return ly.PoolLayer(n, kernel, stride, _spatial(arguments, "padding", n, 0), dilation, ceil_mode)


def _pool(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    return ly.pool_output(pool_layer(record, arguments), shape)


def _adaptive_pool(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    output = arguments.sizes("output_size")
    if output is not None and len(output) == 1 and record.spatial > 1:
        output = output * record.spatial
    return ly.adaptive_pool_output(record.spatial, output, shape)


def _interpolate(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if arguments.given("size") and not arguments.is_none("size"):
        return ly.resized(shape, arguments.sizes("size"), None)
    factors = arguments.sizes("scale_factor") if arguments.given("scale_factor") else None
    if factors is None or any(f is None or f.literal is None for f in factors):
        return None
    return ly.resized(shape, None, tuple(f.literal for f in factors if f is not None))


def _pieces(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    """split/chunk/unbind: the shapes of the pieces, when their count is known."""
    if not shape.exact:
        return None
    rank = len(shape.dims)
    dim_name = record.parameters[-1]
    position = _position(arguments, dim_name, rank, 0)
    if position is None:
        return None
    size = shape.dims[position]
    if record.rule is ShapeRule.UNBIND:
        if size is None or size.literal is None:
            return None
        piece = Shape(shape.dims[:position] + shape.dims[position + 1:])
        return (piece,) * size.literal
    if size is None or size.literal is None:
        return None
    total = size.literal
    lengths: list[int]
    if record.rule is ShapeRule.CHUNK:
        chunks = _dim_argument(arguments, "chunks", None)
        if chunks is None or chunks <= 0:
            return None
        step = -(-total // chunks) if total else 0
        lengths = [min(step, total - start) for start in range(0, total, step)] if step else []
    else:
        sections = arguments.sizes(record.parameters[0])
        if sections is None or any(s is None or s.literal is None for s in sections):
            return None
        if len(sections) == 1 and isinstance(sections[0], Dim) and sections[0].literal is not None \
                and not _is_sequence_argument(arguments, record.parameters[0]):
            step = sections[0].literal
            if step <= 0:
                return None
            lengths = [min(step, total - start) for start in range(0, total, step)]
        else:
            lengths = [s.literal for s in sections if s is not None and s.literal is not None]
            if sum(lengths) != total:
                return None
    return tuple(Shape(shape.dims[:position] + (sh.literal(n),) + shape.dims[position + 1:]) for n in lengths)


def _is_sequence_argument(arguments: OpArguments, name: str) -> bool:
    return arguments.dim(name) is None


def _reduce(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not arguments.given("dim") or arguments.is_none("dim"):
        return Shape(())
    if not shape.exact:
        return None
    keepdim = arguments.flag("keepdim") if arguments.given("keepdim") else False
    if keepdim is None:
        return None
    dims = arguments.sizes("dim")
    rank = len(shape.dims)
    if dims is None or any(d is None or d.literal is None for d in dims):
        return None
    positions = {sh.normalize_dim(d.literal, rank) for d in dims if d is not None and d.literal is not None}
    if None in positions:
        return None
    if keepdim:
        return Shape(tuple(sh.ONE if i in positions else d for i, d in enumerate(shape.dims)))
    return Shape(tuple(d for i, d in enumerate(shape.dims) if i not in positions))


def _view(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    sizes = arguments.variadic_sizes()
    if sizes is None:
        return None
    if not shape.exact:
        minus_one = sum(1 for s in sizes if s is not None and s.literal == -1)
        return Shape(tuple(None if s is not None and s.literal == -1 else s for s in sizes)) if minus_one <= 1 \
            else None
    return sh.reshape(shape, sizes)


def _flatten(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    start = _dim_argument(arguments, "start_dim", 0)
    end = _dim_argument(arguments, "end_dim", -1)
    if start is None or end is None:
        return None
    return sh.flatten(shape, start, end)


def _unflatten(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    return ly.unflatten(shape, _dim_argument(arguments, "dim", None), arguments.sizes("sizes"))


def _squeeze(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not shape.exact:
        return None
    if not arguments.given("dim"):
        if any(d is None or d.symbols for d in shape.dims):
            return None  # an unknown or symbolic size may be 1 and go
        return Shape(tuple(d for d in shape.dims if d is not None and d.literal != 1))
    dims = arguments.sizes("dim")
    rank = len(shape.dims)
    if rank == 0:
        return shape
    if dims is None or any(d is None or d.literal is None for d in dims):
        return None
    positions = {sh.normalize_dim(d.literal, rank) for d in dims if d is not None and d.literal is not None}
    kept: list[Optional[Dim]] = []
    for index, size in enumerate(shape.dims):
        if index not in positions:
            kept.append(size)
        elif size is None or size.symbols:
            return None
        elif size.literal != 1:
            kept.append(size)
    return Shape(tuple(kept))


def _unsqueeze(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not shape.exact:
        dim = _dim_argument(arguments, "dim", None)
        return Shape((*shape.dims, sh.ONE), exact=False) if dim == -1 else None
    position = _position(arguments, "dim", len(shape.dims), None, extra=1)
    if position is None:
        return None
    dims = list(shape.dims)
    dims.insert(position, sh.ONE)
    return Shape(tuple(dims))


def _permute(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    order = arguments.variadic_sizes()
    if not shape.exact or order is None or len(order) != len(shape.dims):
        return None
    positions = [sh.normalize_dim(d.literal, len(shape.dims)) if d is not None and d.literal is not None else None
                 for d in order]
    if None in positions or len(set(positions)) != len(positions):
        return None
    return Shape(tuple(shape.dims[p] for p in positions if p is not None))


def _transpose(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not shape.exact:
        first, second = _dim_argument(arguments, "dim0", None), _dim_argument(arguments, "dim1", None)
        if first is not None and second is not None and first < 0 and second < 0 \
                and max(-first, -second) <= len(shape.dims):
            dims = list(shape.dims)
            dims[first], dims[second] = dims[second], dims[first]
            return Shape(tuple(dims), exact=False)
        return None
    rank = len(shape.dims)
    a, b = _position(arguments, "dim0", rank), _position(arguments, "dim1", rank)
    if a is None or b is None:
        return None
    dims = list(shape.dims)
    dims[a], dims[b] = dims[b], dims[a]
    return Shape(tuple(dims))


def _matrix_transpose(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not shape.exact or (len(shape.dims) > 2 and record.name == "t"):
        return None
    return Shape(tuple(reversed(shape.dims)))


def _expand(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    sizes = arguments.variadic_sizes()
    if sizes is None or not shape.exact or len(sizes) < len(shape.dims):
        return None
    offset = len(sizes) - len(shape.dims)
    dims: list[Optional[Dim]] = []
    for index, size in enumerate(sizes):
        if size is not None and size.literal == -1:
            dims.append(shape.dims[index - offset] if index >= offset else None)
        else:
            dims.append(size)
    return Shape(tuple(dims))


def _like_other(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    return arguments.shape("other")


def _repeat(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    repeats = arguments.variadic_sizes()
    if repeats is None or not shape.exact or len(repeats) < len(shape.dims):
        return None
    padded = (sh.ONE,) * (len(repeats) - len(shape.dims)) + shape.dims
    return Shape(tuple(None if d is None or r is None else d.times(r) for d, r in zip(padded, repeats)))


def _narrow(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not shape.exact:
        return None
    position = _position(arguments, "dim", len(shape.dims))
    if position is None:
        return None
    dims = list(shape.dims)
    dims[position] = arguments.dim("length")
    return Shape(tuple(dims))


def _select(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not shape.exact:
        return None
    position = _position(arguments, "dim", len(shape.dims))
    if position is None:
        return None
    return Shape(shape.dims[:position] + shape.dims[position + 1:])


def _topk(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if not shape.exact:
        return None
    position = _position(arguments, "dim", len(shape.dims), -1)
    if position is None:
        return None
    dims = list(shape.dims)
    dims[position] = arguments.dim("k")
    return Shape(tuple(dims))


def _index_select(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    index = arguments.shape("index")
    if not shape.exact:
        return None
    position = _position(arguments, "dim", len(shape.dims))
    if position is None:
        return None
    dims = list(shape.dims)
    dims[position] = index.at(0) if index is not None and index.rank == 1 else None
    return Shape(tuple(dims))


def _embedding(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    weight = arguments.shape("weight")
    if weight is None or weight.rank != 2:
        return None
    return Shape((*shape.dims, weight.dims[1]), shape.exact)


def _one_hot(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    classes = arguments.dim("num_classes") if arguments.given("num_classes") else None
    if classes is None or classes.literal is not None and classes.literal < 0:
        return None
    return Shape((*shape.dims, classes), shape.exact)


def _sized(record: ShapeApi, shape: Shape, arguments: OpArguments) -> OpShape:
    if record.name == "new_full":
        sizes = arguments.sizes("size")
    else:
        sizes = arguments.variadic_sizes()
    return Shape(sizes) if sizes is not None else None


_HANDLERS = {
    ShapeRule.MATMUL: _matmul, ShapeRule.MM: _matmul, ShapeRule.BMM: _matmul, ShapeRule.LINEAR: _linear,
    ShapeRule.CONV: _conv, ShapeRule.MAX_POOL: _pool, ShapeRule.AVG_POOL: _pool,
    ShapeRule.ADAPTIVE_POOL: _adaptive_pool, ShapeRule.INTERPOLATE: _interpolate, ShapeRule.SPLIT: _pieces,
    ShapeRule.CHUNK: _pieces, ShapeRule.UNBIND: _pieces, ShapeRule.REDUCE: _reduce, ShapeRule.VIEW: _view,
    ShapeRule.FLATTEN: _flatten, ShapeRule.UNFLATTEN: _unflatten, ShapeRule.SQUEEZE: _squeeze,
    ShapeRule.UNSQUEEZE: _unsqueeze, ShapeRule.PERMUTE: _permute, ShapeRule.TRANSPOSE: _transpose,
    ShapeRule.MATRIX_TRANSPOSE: _matrix_transpose, ShapeRule.EXPAND: _expand, ShapeRule.LIKE_OTHER: _like_other,
    ShapeRule.REPEAT: _repeat, ShapeRule.NARROW: _narrow, ShapeRule.SELECT: _select, ShapeRule.TOPK: _topk,
    ShapeRule.INDEX_SELECT: _index_select, ShapeRule.EMBEDDING: _embedding, ShapeRule.ONE_HOT: _one_hot,
    ShapeRule.SIZED: _sized,
}


# --- factories ---------------------------------------------------------------------------------------------------

def arange_length(start: Optional[Dim], end: Optional[Dim], step: Optional[Dim]) -> Optional[Dim]:
    """``torch.arange(start, end, step)``'s length, for literal integers."""
    if start is None or end is None or step is None:
        return None
    a, b, s = start.literal, end.literal, step.literal
    if a is None or b is None or s is None or s == 0:
        return None
    return sh.literal(max(0, -(-(b - a) // s)))


# --- indexing ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Index:
    """One item of ``x[...]``: an integer, a slice (bounds literal or None), ``None``, ``...``, or another tensor."""

    kind: str  # "integer", "slice", "newaxis", "ellipsis", "tensor", "unknown"
    start: Optional[int] = None
    stop: Optional[int] = None
    step: Optional[int] = None
    bounded: bool = True  # every bound given is a literal
    stop_dim: Optional[Dim] = None  # a slice ``[:n]`` whose bound is a symbol
    tensor: Optional[Shape] = None


def index_shape(shape: Shape, items: Sequence[Index]) -> Optional[Shape]:
    """The shape of basic indexing ``x[i, a:b, None, ...]``; None for advanced indexing or unknown pieces."""
    if any(item.kind in ("tensor", "unknown") for item in items):
        return None
    consumed = sum(1 for item in items if item.kind in ("integer", "slice"))
    ellipses = sum(1 for item in items if item.kind == "ellipsis")
    if ellipses > 1:
        return None
    if not shape.exact:
        return _index_trailing(shape, items, consumed)
    rank = len(shape.dims)
    if consumed > rank:
        return None
    dims: list[Optional[Dim]] = []
    position = 0
    for item in items:
        if item.kind == "newaxis":
            dims.append(sh.ONE)
        elif item.kind == "ellipsis":
            skipped = rank - consumed
            dims.extend(shape.dims[position:position + skipped])
            position += skipped
        elif item.kind == "integer":
            position += 1
        else:
            dims.append(slice_length(shape.dims[position], item))
            position += 1
    dims.extend(shape.dims[position:])
    return Shape(tuple(dims))


def _index_trailing(shape: Shape, items: Sequence[Index], consumed: int) -> Optional[Shape]:
    """Indexing a tensor of unknown rank: only ``x[..., i]`` forms keep the known trailing dimensions."""
    if not items or items[0].kind != "ellipsis":
        return None
    tail = list(items[1:])
    if sum(1 for item in tail if item.kind in ("integer", "slice")) > len(shape.dims):
        return None
    dims = list(shape.dims)
    kept_before = len(dims) - consumed
    result: list[Optional[Dim]] = list(dims[:kept_before])
    position = kept_before
    for item in tail:
        if item.kind == "newaxis":
            result.append(sh.ONE)
        elif item.kind == "integer":
            position += 1
        else:
            result.append(slice_length(dims[position], item))
            position += 1
    return Shape(tuple(result), exact=False)


def slice_length(size: Optional[Dim], item: Index) -> Optional[Dim]:
    """How many elements ``a:b:c`` keeps of a dimension of ``size`` (Python's clamping)."""
    if item.start is None and item.stop is None and item.step in (None, 1) and item.bounded \
            and item.stop_dim is None:
        return size
    if not item.bounded or size is None or size.literal is None:
        return None
    step = item.step or 1
    if step <= 0:
        return None
    return sh.literal(len(range(*slice(item.start, item.stop, step).indices(size.literal))))

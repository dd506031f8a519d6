"""``torch.nn`` layers as shape facts: what a module's literal constructor arguments say it takes and gives.

A :class:`Layer` is built from a constructor call (``nn.Conv2d(3, 16, 5,
stride=2)``) by :func:`build_layer`, which reads the arguments through an
:class:`Arguments` reader, so a size that is a symbol (a parameter of the
enclosing ``__init__``) stays one. :func:`layer_output` is what PyTorch
computes for the layer's output from an input shape, or its error when the
input cannot go through (:class:`~tensorlens.analysis.shapes.Mismatch`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Protocol, Union

from tensorlens.analysis import shapes as sh
from tensorlens.analysis.shapes import Dim, Mismatch, Shape, ShapeOrMismatch
from tensorlens.analysis.torch_api.shapes import LayerFamily, LayerShapeApi, LossContract

if TYPE_CHECKING:
    from tensorlens.analysis.values import AbstractValue

Spatial = tuple[Optional[Dim], ...]
"""Per spatial dimension: a kernel size, stride, padding or dilation (a literal, or a symbol such as a parameter
of the enclosing ``__init__`` that an instance's constructor sizes replace), or None when unknown."""


def repeated(value: int, count: int) -> Spatial:
    """The same literal for each of ``count`` spatial dimensions: ``(1, 1)`` as a default stride."""
    return (sh.literal(value),) * count


def literals(values: Spatial) -> tuple[Optional[int], ...]:
    """The literal sizes of ``values``; None where a size is a symbol or unknown."""
    return tuple(value.literal if value is not None else None for value in values)


class Arguments(Protocol):
    """Reads a call's arguments by parameter name (or position among the positional ones)."""

    def given(self, name: str) -> bool:
        """Was the argument passed at all (positionally or by keyword)?"""

    def is_none(self, name: str) -> bool:
        """Was it passed as a literal ``None``?"""

    def dim(self, name: str) -> Optional[Dim]:
        """An integer argument: a literal or a symbol; None when unknown or absent."""

    def spatial(self, name: str, count: int) -> Optional[Spatial]:
        """An int-or-tuple argument (``kernel_size=3`` or ``(3, 5)``) for ``count`` dimensions; None when unknown."""

    def sizes(self, name: str) -> Optional[tuple[Optional[Dim], ...]]:
        """A sequence of sizes (a tuple, a list, a ``torch.Size``) or one size; None when unknown."""

    def flag(self, name: str) -> Optional[bool]:
        """A literal ``True``/``False``."""

    def text(self, name: str) -> Optional[str]:
        """A literal string (``padding="same"``, ``reduction="none"``)."""


@dataclass(frozen=True)
class LinearLayer:
    in_features: Optional[Dim]
    out_features: Optional[Dim]

    def describe(self) -> str:
        return f"Linear(in_features={_text(self.in_features)}, out_features={_text(self.out_features)})"


@dataclass(frozen=True)
class ConvLayer:
    """Convolutions, transposed or not; ``padding`` None means ``"same"`` (the input's size at stride 1)."""

    spatial_rank: int
    in_channels: Optional[Dim]
    out_channels: Optional[Dim]
    kernel: Spatial
    stride: Spatial
    padding: Optional[Spatial]
    dilation: Spatial
    groups: Optional[int]
    transposed: bool = False
    output_padding: Spatial = ()

    def describe(self) -> str:
        kind = "ConvTranspose" if self.transposed else "Conv"
        return f"{kind}{self.spatial_rank}d({_text(self.in_channels)}, {_text(self.out_channels)}, " \
               f"kernel_size={_spatial_text(self.kernel)})"

    def weight_size(self) -> str:
        groups = self.groups or 1
        first, second = (self.in_channels, self.out_channels) if self.transposed else \
            (self.out_channels, self.in_channels)
        per_group = second.divided_by(sh.literal(groups)) if second is not None else None
        return sh.sizes_text((first, per_group, *self.kernel))


@dataclass(frozen=True)
class PoolLayer:
    spatial_rank: int
    kernel: Spatial
    stride: Spatial
    padding: Spatial
    dilation: Spatial
    ceil_mode: Optional[bool]

    def describe(self) -> str:
        return f"Pool{self.spatial_rank}d(kernel_size={_spatial_text(self.kernel)})"


@dataclass(frozen=True)
class AdaptivePoolLayer:
    spatial_rank: int
    output: Optional[tuple[Optional[Dim], ...]]  # per spatial dimension; None inside: keeps the input's

    def describe(self) -> str:
        return f"AdaptivePool{self.spatial_rank}d({'?' if self.output is None else sh.sizes_text(self.output)})"


@dataclass(frozen=True)
class FlattenLayer:
    start: int = 1
    end: int = -1

    def describe(self) -> str:
        return f"Flatten({self.start}, {self.end})"


@dataclass(frozen=True)
class UnflattenLayer:
    dim: Optional[int]
    sizes: Optional[tuple[Optional[Dim], ...]]

    def describe(self) -> str:
        return "Unflatten"


@dataclass(frozen=True)
class EmbeddingLayer:
    count: Optional[Dim]
    size: Optional[Dim]

    def describe(self) -> str:
        return f"Embedding({_text(self.count)}, {_text(self.size)})"


@dataclass(frozen=True)
class RecurrentLayer:
    """RNN/LSTM/GRU (``cell`` names which); LSTM's state is a pair."""

    cell: str
    input_size: Optional[Dim]
    hidden_size: Optional[Dim]
    num_layers: Optional[int]
    batch_first: Optional[bool]
    bidirectional: Optional[bool]

    def describe(self) -> str:
        return f"{self.cell}(input_size={_text(self.input_size)}, hidden_size={_text(self.hidden_size)})"

    @property
    def directions(self) -> Optional[int]:
        return None if self.bidirectional is None else (2 if self.bidirectional else 1)


@dataclass(frozen=True)
class RecurrentCellLayer:
    cell: str
    input_size: Optional[Dim]
    hidden_size: Optional[Dim]

    def describe(self) -> str:
        return f"{self.cell}({_text(self.input_size)}, {_text(self.hidden_size)})"


@dataclass(frozen=True)
class SameShapeLayer:
    name: str

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class UpsampleLayer:
    size: Optional[tuple[Optional[Dim], ...]]
    scale: Optional[tuple[Optional[int], ...]]

    def describe(self) -> str:
        return "Upsample"


@dataclass(frozen=True)
class LossLayer:
    name: str
    contract: LossContract
    reduction: Optional[str]  # "mean", "sum", "none"; None when the code's value is unknown

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class SequentialLayer:
    children: tuple[AbstractValue, ...]

    def describe(self) -> str:
        return f"Sequential({len(self.children)} modules)"


Layer = Union[LinearLayer, ConvLayer, PoolLayer, AdaptivePoolLayer, FlattenLayer, UnflattenLayer, EmbeddingLayer,
              RecurrentLayer, RecurrentCellLayer, SameShapeLayer, UpsampleLayer, LossLayer, SequentialLayer]


def _text(dim: Optional[Dim]) -> str:
    return "?" if dim is None else str(dim)


def _spatial_text(values: Spatial) -> str:
    parts = ["?" if v is None else str(v) for v in values]
    return parts[0] if len(set(parts)) == 1 else "(" + ", ".join(parts) + ")"


def _defaulted(arguments: Arguments, name: str, count: int, default: Optional[Spatial]) -> Optional[Spatial]:
    if not arguments.given(name):
        return default
    return arguments.spatial(name, count)


def _known(values: Optional[Spatial], count: int) -> Spatial:
    return values if values is not None else (None,) * count


def build_layer(record: LayerShapeApi, arguments: Arguments,
                children: tuple[AbstractValue, ...] = ()) -> Optional[Layer]:
    """The layer a constructor call builds, from what its literal arguments say; None when nothing is known."""
    family, n = record.family, record.spatial
    if family is LayerFamily.LINEAR:
        return LinearLayer(arguments.dim("in_features"), arguments.dim("out_features"))
    if family in (LayerFamily.CONV, LayerFamily.CONV_TRANSPOSED):
        kernel = _known(arguments.spatial("kernel_size", n), n)
        padding: Optional[Spatial] = _known(_defaulted(arguments, "padding", n, repeated(0, n)), n)
        if arguments.text("padding") == "same":
            padding = None
        elif arguments.text("padding") == "valid":
            padding = repeated(0, n)
        groups = arguments.dim("groups") if arguments.given("groups") else sh.ONE
        return ConvLayer(n, arguments.dim("in_channels"), arguments.dim("out_channels"), kernel,
                         _known(_defaulted(arguments, "stride", n, repeated(1, n)), n), padding,
                         _known(_defaulted(arguments, "dilation", n, repeated(1, n)), n),
                         groups.literal if groups is not None else None,
                         transposed=family is LayerFamily.CONV_TRANSPOSED,
                         output_padding=_known(_defaulted(arguments, "output_padding", n, repeated(0, n)), n))
    if family is LayerFamily.MAX_POOL and arguments.given("return_indices") and arguments.flag("return_indices") \
            is not False:
        return None  # it returns (output, indices)
    if family in (LayerFamily.MAX_POOL, LayerFamily.AVG_POOL):
        kernel = _known(arguments.spatial("kernel_size", n), n)
        stride = kernel if not arguments.given("stride") or arguments.is_none("stride") \
            else _known(arguments.spatial("stride", n), n)
        return PoolLayer(n, kernel, stride, _known(_defaulted(arguments, "padding", n, repeated(0, n)), n),
                         _known(_defaulted(arguments, "dilation", n, repeated(1, n)), n),
                         arguments.flag("ceil_mode") if arguments.given("ceil_mode") else False)
    if family is LayerFamily.ADAPTIVE_POOL:
        output = arguments.sizes("output_size")
        if output is not None and len(output) == 1 and n > 1:
            output = output * n
        return AdaptivePoolLayer(n, output if output is None or len(output) == n else None)
    if family is LayerFamily.FLATTEN:
        start = arguments.dim("start_dim") if arguments.given("start_dim") else sh.ONE
        end = arguments.dim("end_dim") if arguments.given("end_dim") else Dim(-1)
        if start is None or end is None or start.literal is None or end.literal is None:
            return None
        return FlattenLayer(start.literal, end.literal)
    if family is LayerFamily.UNFLATTEN:
        dim = arguments.dim("dim")
        return UnflattenLayer(dim.literal if dim is not None else None, arguments.sizes("unflattened_size"))
    if family is LayerFamily.EMBEDDING:
        return EmbeddingLayer(arguments.dim("num_embeddings"), arguments.dim("embedding_dim"))
    if family is LayerFamily.RECURRENT:
        if arguments.given("proj_size") and arguments.dim("proj_size") != sh.literal(0):
            return None  # an LSTM with projections: its output and state sizes are not hidden_size
        layers = arguments.dim("num_layers") if arguments.given("num_layers") else sh.ONE
        return RecurrentLayer(record.name, arguments.dim("input_size"), arguments.dim("hidden_size"),
                              layers.literal if layers is not None else None,
                              arguments.flag("batch_first") if arguments.given("batch_first") else False,
                              arguments.flag("bidirectional") if arguments.given("bidirectional") else False)
    if family is LayerFamily.RECURRENT_CELL:
        return RecurrentCellLayer(record.name, arguments.dim("input_size"), arguments.dim("hidden_size"))
    if family is LayerFamily.SAME_SHAPE:
        return SameShapeLayer(record.name)
    if family is LayerFamily.UPSAMPLE:
        return _upsample(arguments)
    if family is LayerFamily.LOSS and record.loss is not None:
        reduction = arguments.text("reduction") if arguments.given("reduction") else "mean"
        return LossLayer(record.name, record.loss, reduction)
    if family is LayerFamily.SEQUENTIAL:
        return SequentialLayer(children)
    return None


def _upsample(arguments: Arguments) -> Optional[UpsampleLayer]:
    if arguments.given("size"):
        return UpsampleLayer(arguments.sizes("size"), None)
    if arguments.given("scale_factor"):
        factors = arguments.sizes("scale_factor")
        if factors is None or any(f is None or f.literal is None for f in factors):
            return UpsampleLayer(None, None)
        return UpsampleLayer(None, tuple(f.literal for f in factors if f is not None))
    return None


# --- what a layer does to its input ------------------------------------------------------------------------------

def layer_output(layer: Layer, input_shape: Shape) -> ShapeOrMismatch:
    """The output shape of a single-input layer, or PyTorch's error; None when unknown (and for RNNs, losses and
    containers, which :func:`recurrent_output`, :func:`loss_output` and the engine handle)."""
    if isinstance(layer, LinearLayer):
        return sh.linear(input_shape, layer.in_features, layer.out_features)
    if isinstance(layer, ConvLayer):
        return conv_output(layer, input_shape)
    if isinstance(layer, PoolLayer):
        return pool_output(layer, input_shape)
    if isinstance(layer, AdaptivePoolLayer):
        return adaptive_pool_output(layer.spatial_rank, layer.output, input_shape)
    if isinstance(layer, FlattenLayer):
        return sh.flatten(input_shape, layer.start, layer.end)
    if isinstance(layer, UnflattenLayer):
        return unflatten(input_shape, layer.dim, layer.sizes)
    if isinstance(layer, EmbeddingLayer):
        return Shape((*input_shape.dims, layer.size), input_shape.exact)
    if isinstance(layer, RecurrentCellLayer):
        return cell_output(layer, input_shape)
    if isinstance(layer, SameShapeLayer):
        return input_shape
    if isinstance(layer, UpsampleLayer):
        return resized(input_shape, layer.size, layer.scale)
    return None


def _spatial_input(kind: str, spatial_rank: int, input_shape: Shape) -> Optional[Mismatch]:
    """Convolutions and pooling take ``spatial + 1`` (unbatched) or ``spatial + 2`` (batched) dimensions."""
    rank = input_shape.rank
    too_many = rank is None and len(input_shape.dims) > spatial_rank + 2
    if rank is not None and rank not in (spatial_rank + 1, spatial_rank + 2) or too_many:
        if kind == "pool":
            return Mismatch(f"non-empty {spatial_rank + 1}D or {spatial_rank + 2}D (batch mode) tensor expected "
                            f"for input")
        return Mismatch(f"Expected {spatial_rank + 1}D (unbatched) or {spatial_rank + 2}D (batched) input to "
                        f"{kind}{spatial_rank}d, but got input of size: {sh.sizes_text(input_shape.dims)}")
    return None


def conv_output(layer: ConvLayer, input_shape: Shape) -> ShapeOrMismatch:
    """A convolution's output: the rank and channels PyTorch checks, then each spatial size."""
    n = layer.spatial_rank
    wrong_rank = _spatial_input("conv_transpose" if layer.transposed else "conv", n, input_shape)
    if wrong_rank is not None:
        return wrong_rank
    channels = input_shape.at(-(n + 1))
    if sh.certainly_differ(channels, layer.in_channels):
        given = "Given transposed=1" if layer.transposed else f"Given groups={layer.groups or '?'}"
        # PyTorch reports an unbatched input with the batch dimension it adds.
        batched = (sh.ONE, *input_shape.dims) if input_shape.rank == n + 1 else input_shape.dims
        shown = sh.sizes_text(batched) if input_shape.exact else str(input_shape)
        return Mismatch(f"{given}, weight of size {layer.weight_size()}, expected input{shown} to have "
                        f"{layer.in_channels} channels, but got {channels} channels instead")
    sizes: list[Optional[Dim]] = []
    kernels, strides, dilations = literals(layer.kernel), literals(layer.stride), literals(layer.dilation)
    paddings = literals(layer.padding) if layer.padding is not None else None
    for axis in range(n):
        size = input_shape.at(axis - n)
        kernel, stride, dilation = kernels[axis], strides[axis], dilations[axis]
        padding = paddings[axis] if paddings is not None else None
        if layer.padding is None and not layer.transposed:
            sizes.append(size)  # padding="same"
            continue
        if kernel is None or stride is None or dilation is None or padding is None:
            sizes.append(None)
            continue
        if layer.transposed:
            output_padding = literals(layer.output_padding)[axis] if axis < len(layer.output_padding) else 0
            if output_padding is None:
                sizes.append(None)
                continue
            sizes.append(sh.transposed_conv_size(size, kernel, stride, padding, dilation, output_padding))
            continue
        out = sh.conv_size(size, kernel, stride, padding, dilation)
        if out is not None and out.literal is not None and out.literal < 1 and size is not None:
            padded = [_padded(input_shape.at(a - n), paddings[a] if paddings else None) for a in range(n)]
            return Mismatch(f"Calculated padded input size per channel: ({' x '.join(padded)}). Kernel size: "
                            f"({' x '.join('?' if k is None else str(k) for k in kernels)}). Kernel size can't "
                            f"be greater than actual input size")
        sizes.append(out)
    leading = input_shape.dims[:-(n + 1)] if input_shape.exact else ()
    return Shape((*leading, layer.out_channels, *sizes), input_shape.exact)


def _padded(size: Optional[Dim], padding: Optional[int]) -> str:
    if size is None or size.literal is None or padding is None:
        return "?"
    return str(size.literal + 2 * padding)


def pool_output(layer: PoolLayer, input_shape: Shape) -> ShapeOrMismatch:
    """Max/avg pooling: each spatial size (floor or ceil mode); PyTorch raises when one comes out empty."""
    n = layer.spatial_rank
    wrong_rank = _spatial_input("pool", n, input_shape)
    if wrong_rank is not None:
        return wrong_rank
    sizes: list[Optional[Dim]] = []
    kernels, strides = literals(layer.kernel), literals(layer.stride)
    paddings, dilations = literals(layer.padding), literals(layer.dilation)
    for axis in range(n):
        kernel, stride = kernels[axis], strides[axis]
        padding, dilation = paddings[axis], dilations[axis]
        if kernel is None or stride is None or padding is None or dilation is None or layer.ceil_mode is None:
            sizes.append(None)
            continue
        sizes.append(sh.pool_size(input_shape.at(axis - n), kernel, stride, padding, dilation, layer.ceil_mode))
    if all(s is not None and s.literal is not None for s in sizes) and any(
            s is not None and s.literal is not None and s.literal < 1 for s in sizes):
        before = [input_shape.at(axis) for axis in range(-(n + 1), 0)]
        after = [input_shape.at(-(n + 1)), *sizes]
        return Mismatch(f"Given input size: ({'x'.join(_text(d) for d in before)}). Calculated output size: "
                        f"({'x'.join(_text(d) for d in after)}). Output size is too small")
    leading = input_shape.dims[:-n] if input_shape.exact else input_shape.dims[:-n] if len(input_shape.dims) > n \
        else ()
    return Shape((*leading, *sizes), input_shape.exact)


def adaptive_pool_output(spatial_rank: int, output: Optional[tuple[Optional[Dim], ...]],
                         input_shape: Shape) -> ShapeOrMismatch:
    """Adaptive pooling: the requested output sizes (None keeps the input's)."""
    wrong_rank = _spatial_input("pool", spatial_rank, input_shape)
    if wrong_rank is not None:
        return None  # its wording differs; the layers before it are what users get wrong
    if output is None:
        sizes: tuple[Optional[Dim], ...] = (None,) * spatial_rank
    else:
        sizes = tuple(requested if requested is not None else input_shape.at(axis - spatial_rank)
                      for axis, requested in enumerate(output))
    leading = input_shape.dims[:-spatial_rank] if len(input_shape.dims) >= spatial_rank else ()
    return Shape((*leading, *sizes), input_shape.exact and len(input_shape.dims) >= spatial_rank)


def unflatten(input_shape: Shape, dim: Optional[int], sizes: Optional[tuple[Optional[Dim], ...]]) -> Optional[Shape]:
    """``unflatten(dim, sizes)``: one dimension split into several (one of them may be -1)."""
    if dim is None or sizes is None or not input_shape.exact:
        return None
    position = sh.normalize_dim(dim, len(input_shape.dims))
    if position is None:
        return None
    split = sh.reshape(Shape((input_shape.dims[position],)), sizes)
    if not isinstance(split, Shape):
        return None
    return Shape((*input_shape.dims[:position], *split.dims, *input_shape.dims[position + 1:]))


def resized(input_shape: Shape, size: Optional[tuple[Optional[Dim], ...]],
            scale: Optional[tuple[Optional[int], ...]]) -> Optional[Shape]:
    """``F.interpolate``/``nn.Upsample``: the spatial sizes set by ``size`` or multiplied by an integer ``scale``."""
    if not input_shape.exact or len(input_shape.dims) < 3:
        return None
    spatial = len(input_shape.dims) - 2
    if size is not None:
        sizes = size * spatial if len(size) == 1 else size
        return Shape((*input_shape.dims[:2], *sizes)) if len(sizes) == spatial else None
    if scale is not None:
        factors = scale * spatial if len(scale) == 1 else scale
        if len(factors) != spatial:
            return None
        new = tuple(None if d is None or f is None else d.times(sh.literal(f))
                    for d, f in zip(input_shape.dims[2:], factors))
        return Shape((*input_shape.dims[:2], *new))
    return None


def cell_output(layer: RecurrentCellLayer, input_shape: Shape) -> ShapeOrMismatch:
    """An RNN cell's step: ``[N, input_size]`` or ``[input_size]`` in, the hidden state's shape out."""
    if input_shape.rank is not None and input_shape.rank not in (1, 2):
        return None
    if sh.certainly_differ(input_shape.at(-1), layer.input_size):
        return Mismatch(f"input has inconsistent input_size: got {input_shape.at(-1)} expected {layer.input_size}")
    if input_shape.rank == 2:
        return Shape((input_shape.dims[0], layer.hidden_size))
    if input_shape.rank == 1:
        return Shape((layer.hidden_size,))
    return None


@dataclass(frozen=True)
class RecurrentResult:
    """An RNN's output and final hidden state (each None when unknown), or the error its call raises."""

    output: Optional[Shape] = None
    hidden: Optional[Shape] = None
    mismatch: Optional[Mismatch] = None


def recurrent_output(layer: RecurrentLayer, input_shape: Shape, hidden: tuple[Optional[Shape], ...] = ()
                     ) -> RecurrentResult:
    """An RNN/LSTM/GRU call on ``input_shape`` with the given initial state (``hidden``: h0, or LSTM's h0 and c0)."""
    rank = input_shape.rank
    if rank is not None and rank not in (2, 3):
        return RecurrentResult(mismatch=Mismatch(f"{layer.cell}: Expected input to be 2D or 3D, got {rank}D instead"))
    features = input_shape.at(-1)
    if sh.certainly_differ(features, layer.input_size):
        return RecurrentResult(mismatch=Mismatch(f"input.size(-1) must be equal to input_size. Expected "
                                                 f"{layer.input_size}, got {features}"))
    directions, layers = layer.directions, layer.num_layers
    width = sh.literal(directions).times(layer.hidden_size) if directions and layer.hidden_size else None
    state_count = sh.literal(directions * layers) if directions and layers else None
    if rank == 3:
        batch = input_shape.dims[0] if layer.batch_first else input_shape.dims[1] if layer.batch_first is False \
            else None
        steps = input_shape.dims[1] if layer.batch_first else input_shape.dims[0] if layer.batch_first is False \
            else None
        output = Shape((batch, steps, width) if layer.batch_first else (steps, batch, width)) \
            if layer.batch_first is not None else Shape((None, None, width))
        expected_hidden = Shape((state_count, batch, layer.hidden_size))
    elif rank == 2:
        output = Shape((input_shape.dims[0], width))
        expected_hidden = Shape((state_count, layer.hidden_size))
    else:
        return RecurrentResult()
    mismatch = _hidden_mismatch(layer, rank, expected_hidden, hidden)
    return RecurrentResult(output, expected_hidden, mismatch)


def state_after(expected: Optional[Shape], given: tuple[Optional[Shape], ...]) -> Optional[Shape]:
    """The final hidden state's shape: the initial state's (PyTorch refuses any other), each size the
    layer's sizes leave unknown taken from the state the call was given (``h0``'s batch, ``len(X)``)."""
    initial = given[0] if given else None  # h0 (LSTM's c0 has the same sizes, under other names maybe)
    if initial is None or not initial.exact:
        return expected
    if expected is None or not expected.exact or len(expected.dims) != len(initial.dims):
        return initial if expected is None else expected
    return Shape(tuple(mine if mine is not None else theirs for mine, theirs in zip(expected.dims, initial.dims)))


def _hidden_mismatch(layer: RecurrentLayer, rank: int, expected: Shape, hidden: tuple[Optional[Shape], ...]
                     ) -> Optional[Mismatch]:
    pair = layer.cell == "LSTM"
    given = [shape for shape in hidden if shape is not None and shape.exact]
    if len(given) != len(hidden) or not given:
        return None
    if any(shape.rank != rank for shape in given):
        described = ", ".join(f"{shape.rank}-D" for shape in given)
        batched = "batched 3-D" if rank == 3 else "unbatched 2-D"
        if pair:
            return Mismatch(f"For {batched} input, hx and cx should also be {rank}-D but got ({described}) tensors")
        return Mismatch(f"For {batched} input, hx should also be {rank}-D but got {described} tensor")
    for index, shape in enumerate(given):
        if any(sh.certainly_differ(a, b) for a, b in zip(expected.dims, shape.dims)):
            name = f"hidden[{index}]" if pair else "hidden"
            return Mismatch(f"Expected {name} size ({', '.join(_text(d) for d in expected.dims)}), got "
                            f"{sh.sizes_text(shape.dims)}")
    return None


# --- losses --------------------------------------------------------------------------------------------------------

def loss_mismatch(contract: LossContract, name: str, input_shape: Shape, target: Shape) -> Optional[Mismatch]:
    """What PyTorch raises when a loss's target cannot go with its input; None when it can or it is unknown."""
    if not input_shape.exact or not target.exact:
        return None
    if contract is LossContract.CLASS_INDICES:
        return _class_target_mismatch(input_shape, target)
    if contract is LossContract.BROADCAST:
        result = sh.broadcast(input_shape, target)
        return result if isinstance(result, Mismatch) else None
    if len(input_shape.dims) == len(target.dims) and not any(
            sh.certainly_differ(a, b) for a, b in zip(input_shape.dims, target.dims)):
        return None
    if contract is LossContract.LOGITS:
        return Mismatch(f"Target size ({sh.torch_size_text(target)}) must be the same as input size "
                        f"({sh.torch_size_text(input_shape)})")
    return Mismatch(f"Using a target size ({sh.torch_size_text(target)}) that is different to the input size "
                    f"({sh.torch_size_text(input_shape)}) is deprecated. Please ensure they have the same size.")


def _class_target_mismatch(input_shape: Shape, target: Shape) -> Optional[Mismatch]:
    """cross_entropy/nll_loss: an ``[N, C, d...]`` input takes ``[N, d...]`` class indices or probabilities of
    the input's own shape."""
    rank, target_rank = len(input_shape.dims), len(target.dims)
    if rank < 2:
        return None
    batch = input_shape.dims[0]
    expected = (batch, *input_shape.dims[2:])
    if target_rank == rank:
        if not any(sh.certainly_differ(a, b) for a, b in zip(input_shape.dims, target.dims)):
            return None
        if rank == 2:
            return Mismatch("0D or 1D target tensor expected, multi-target not supported")
        return Mismatch(f"Expected target size {sh.sizes_text(expected)}, got {sh.sizes_text(target.dims)}")
    if target_rank == rank - 1 and sh.certainly_differ(batch, target.dims[0] if target.dims else None):
        return Mismatch(f"Expected input batch_size ({batch}) to match target batch_size ({target.dims[0]}).")
    if target_rank == rank - 1:
        if any(sh.certainly_differ(a, b) for a, b in zip(expected, target.dims)):
            return Mismatch(f"Expected target size {sh.sizes_text(expected)}, got {sh.sizes_text(target.dims)}")
        return None
    if rank == 2:
        if target_rank == 0:
            return Mismatch(f"Expected input batch_size ({batch}) to match target batch_size (0).") \
                if batch is not None and batch.literal is not None and batch.literal != 0 else None
        return Mismatch("0D or 1D target tensor expected, multi-target not supported")
    return Mismatch(f"Expected target size {sh.sizes_text(expected)}, got {sh.sizes_text(target.dims)}")


def loss_output(contract: LossContract, reduction: Optional[str], input_shape: Optional[Shape],
                target: Optional[Shape]) -> Optional[Shape]:
    """A loss's result: 0-dim when reduced; per element (``reduction="none"``) the target's or the input's shape."""
    if reduction in ("mean", "sum"):
        return Shape(())
    if reduction != "none":
        return None
    if contract is LossContract.CLASS_INDICES:
        if input_shape is not None and input_shape.exact and len(input_shape.dims) >= 2:
            return Shape((input_shape.dims[0], *input_shape.dims[2:]))
        return None
    if contract is LossContract.BROADCAST and input_shape is not None and target is not None:
        result = sh.broadcast(input_shape, target)
        return result if isinstance(result, Shape) else None
    return input_shape

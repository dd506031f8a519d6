"""What torch APIs do to shapes, one record per API: which shape rule applies and how its arguments are named.

The engine's shape semantics (:mod:`tensorlens.analysis.shape_ops`,
:mod:`tensorlens.analysis.layers`) look the records up here; a torch API with
no record here has an unknown result shape, unless its record in the main
table says it is elementwise (the broadcast of its tensor operands).
``parameters`` names the arguments after the input tensor in PyTorch's order,
so a positional argument and its keyword are read alike; a method's input is
its receiver, a function's its first argument. tests/analysis/test_torch_api.py
checks that every record names an API of the pinned torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional


class ShapeRule(Enum):
    """How an op's result shape follows from its operands' shapes and literal arguments."""

    SAME = "same"  # the input's shape (dtype/device conversions, in-place fills, softmax(dim)...)
    BROADCAST = "broadcast"  # the broadcast of every tensor operand; PyTorch raises when they cannot broadcast
    MATMUL = "matmul"
    MM = "mm"
    BMM = "bmm"
    LINEAR = "linear"  # F.linear(input, weight[out, in])
    CONV = "conv"  # F.convNd(input, weight[out, in/groups, *kernel], ...)
    MAX_POOL = "max pool"
    AVG_POOL = "avg pool"
    ADAPTIVE_POOL = "adaptive pool"
    INTERPOLATE = "interpolate"
    CAT = "cat"
    STACK = "stack"
    SPLIT = "split"
    CHUNK = "chunk"
    UNBIND = "unbind"
    REDUCE = "reduce"  # dim (int or tuple) and keepdim; no dim: 0-dim
    VIEW = "view"  # view/reshape to sizes, one of them -1
    FLATTEN = "flatten"
    UNFLATTEN = "unflatten"
    SQUEEZE = "squeeze"
    UNSQUEEZE = "unsqueeze"
    PERMUTE = "permute"
    TRANSPOSE = "transpose"
    MATRIX_TRANSPOSE = "t"  # .t() and .T: the last two dimensions (of at most two)
    EXPAND = "expand"
    LIKE_OTHER = "like other"  # expand_as/view_as/reshape_as: the other tensor's shape
    REPEAT = "repeat"
    NARROW = "narrow"
    SELECT = "select"
    TOPK = "topk"
    INDEX_SELECT = "index select"
    EMBEDDING = "embedding"  # F.embedding(input, weight): input's shape + [weight's columns]
    ONE_HOT = "one hot"
    LOSS = "loss"
    SIZED = "sized"  # new_zeros(size), x.new(2, 3): sizes as arguments


class LossContract(Enum):
    """What a loss requires of its target's shape, given its input's."""

    # cross_entropy/nll_loss: an [N, C, d...] input, [N, d...] class indices or probabilities of its own shape.
    CLASS_INDICES = "class indices"
    PROBABILITIES = "probabilities"  # binary_cross_entropy: exactly the input's shape
    LOGITS = "logits"  # binary_cross_entropy_with_logits: exactly the input's shape
    BROADCAST = "broadcast"  # mse/l1/smooth_l1/huber: broadcastable (with a warning when they differ)


@dataclass(frozen=True)
class ShapeApi:
    """A torch function or ``torch.Tensor`` method and the shape rule its result follows."""

    qualified: str
    rule: ShapeRule
    parameters: tuple[str, ...] = ()
    loss: Optional[LossContract] = None
    spatial: int = 0  # convolutions and pooling: how many spatial dimensions (conv2d: 2)

    @property
    def name(self) -> str:
        return self.qualified.rsplit(".", 1)[-1]


class LayerFamily(Enum):
    """What kind of shape transformation an ``nn`` module performs."""

    LINEAR = "linear"
    CONV = "conv"
    CONV_TRANSPOSED = "conv transposed"
    MAX_POOL = "max pool"
    AVG_POOL = "avg pool"
    ADAPTIVE_POOL = "adaptive pool"
    FLATTEN = "flatten"
    UNFLATTEN = "unflatten"
    EMBEDDING = "embedding"
    RECURRENT = "recurrent"  # RNN, LSTM, GRU over sequences
    RECURRENT_CELL = "recurrent cell"  # one step: RNNCell, LSTMCell, GRUCell
    SAME_SHAPE = "same shape"  # activations, dropout, normalization, Identity
    UPSAMPLE = "upsample"
    LOSS = "loss"
    SEQUENTIAL = "sequential"


@dataclass(frozen=True)
class LayerShapeApi:
    """An ``nn`` module class, its constructor's parameters in order, and what its call does to shapes."""

    name: str  # under torch.nn
    family: LayerFamily
    parameters: tuple[str, ...] = ()
    spatial: int = 0
    loss: Optional[LossContract] = None

    @property
    def qualified(self) -> str:
        return f"torch.nn.{self.name}"


S = ShapeRule
_REDUCE = ("dim", "keepdim")
_CONV = ("weight", "bias", "stride", "padding", "dilation", "groups")
_MAX_POOL = ("kernel_size", "stride", "padding", "dilation", "ceil_mode")
_AVG_POOL = ("kernel_size", "stride", "padding", "ceil_mode")
_MAX_POOL_LAYER = ("kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode")  # not F's order
_LOSS = ("target",)
_BROADCASTING = ("add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
                 "remainder", "fmod", "pow", "maximum", "minimum", "atan2", "eq", "ne", "lt", "le", "gt", "ge",
                 "logical_and", "logical_or", "logical_xor", "lerp", "addcmul", "addcdiv")


def _both(name: str, rule: ShapeRule, parameters: tuple[str, ...] = (), spatial: int = 0) -> tuple[ShapeApi, ...]:
    """The same op as ``torch.name`` and as the method ``torch.Tensor.name``."""
    return (ShapeApi(f"torch.{name}", rule, parameters, spatial=spatial),
            ShapeApi(f"torch.Tensor.{name}", rule, parameters, spatial=spatial))


SHAPE_APIS: tuple[ShapeApi, ...] = (
    *(record for name in _BROADCASTING for record in _both(name, S.BROADCAST)),
    ShapeApi("torch.where", S.BROADCAST),
    ShapeApi("torch.Tensor.where", S.BROADCAST),
    *_both("matmul", S.MATMUL, ("other",)),
    *_both("mm", S.MM, ("mat2",)),
    *_both("bmm", S.BMM, ("mat2",)),
    ShapeApi("torch.nn.functional.linear", S.LINEAR, ("weight", "bias")),
    *(ShapeApi(f"torch.nn.functional.conv{n}d", S.CONV, _CONV, spatial=n) for n in (1, 2, 3)),
    *(ShapeApi(f"torch.nn.functional.max_pool{n}d", S.MAX_POOL, _MAX_POOL, spatial=n) for n in (1, 2, 3)),
    *(ShapeApi(f"torch.nn.functional.avg_pool{n}d", S.AVG_POOL, _AVG_POOL, spatial=n) for n in (1, 2, 3)),
    *(ShapeApi(f"torch.nn.functional.adaptive_{kind}_pool{n}d", S.ADAPTIVE_POOL, ("output_size",), spatial=n)
      for kind in ("avg", "max") for n in (1, 2, 3)),
    ShapeApi("torch.nn.functional.interpolate", S.INTERPOLATE, ("size", "scale_factor")),
    ShapeApi("torch.cat", S.CAT, ("dim",)),
    ShapeApi("torch.concat", S.CAT, ("dim",)),
    ShapeApi("torch.stack", S.STACK, ("dim",)),
    *_both("split", S.SPLIT, ("split_size_or_sections", "dim")),
    *_both("chunk", S.CHUNK, ("chunks", "dim")),
    *_both("unbind", S.UNBIND, ("dim",)),
    *(record for name in ("sum", "mean", "amax", "amin", "prod", "logsumexp", "nansum", "nanmean", "all", "any",
                          "argmax", "argmin", "max", "min", "median")
      for record in _both(name, S.REDUCE, _REDUCE)),
    # std(input, dim, unbiased, keepdim) and norm(input, p, dim, keepdim) take another argument before keepdim.
    *(record for name in ("std", "var") for record in _both(name, S.REDUCE, ("dim", "unbiased", "keepdim"))),
    *_both("norm", S.REDUCE, ("p", "dim", "keepdim")),
    ShapeApi("torch.Tensor.view", S.VIEW, ("size",)),
    *_both("reshape", S.VIEW, ("shape",)),
    *_both("flatten", S.FLATTEN, ("start_dim", "end_dim")),
    ShapeApi("torch.Tensor.unflatten", S.UNFLATTEN, ("dim", "sizes")),
    *_both("squeeze", S.SQUEEZE, ("dim",)),
    *_both("unsqueeze", S.UNSQUEEZE, ("dim",)),
    *_both("permute", S.PERMUTE, ("dims",)),
    *_both("transpose", S.TRANSPOSE, ("dim0", "dim1")),
    *_both("t", S.MATRIX_TRANSPOSE),
    ShapeApi("torch.Tensor.T", S.MATRIX_TRANSPOSE),
    ShapeApi("torch.Tensor.expand", S.EXPAND, ("size",)),
    ShapeApi("torch.Tensor.expand_as", S.LIKE_OTHER, ("other",)),
    ShapeApi("torch.Tensor.view_as", S.LIKE_OTHER, ("other",)),
    ShapeApi("torch.Tensor.reshape_as", S.LIKE_OTHER, ("other",)),
    ShapeApi("torch.Tensor.repeat", S.REPEAT, ("repeats",)),
    *_both("narrow", S.NARROW, ("dim", "start", "length")),
    ShapeApi("torch.Tensor.select", S.SELECT, ("dim", "index")),
    *_both("topk", S.TOPK, ("k", "dim")),
    *_both("index_select", S.INDEX_SELECT, ("dim", "index")),
    ShapeApi("torch.nn.functional.embedding", S.EMBEDDING, ("weight",)),
    ShapeApi("torch.nn.functional.one_hot", S.ONE_HOT, ("num_classes",)),
    ShapeApi("torch.Tensor.new_zeros", S.SIZED, ("size",)),
    ShapeApi("torch.Tensor.new_ones", S.SIZED, ("size",)),
    ShapeApi("torch.Tensor.new_empty", S.SIZED, ("size",)),
    ShapeApi("torch.Tensor.new_full", S.SIZED, ("size", "fill_value")),
    ShapeApi("torch.Tensor.new", S.SIZED, ("size",)),
    # A tensor operand that does not broadcast into the result: the receiver's shape.
    *(ShapeApi(f"torch.Tensor.{name}", S.SAME) for name in ("to", "type_as", "masked_fill", "masked_fill_",
                                                            "copy_", "fill_", "zero_", "normal_", "uniform_")),
    ShapeApi("torch.nn.functional.cross_entropy", S.LOSS, _LOSS, loss=LossContract.CLASS_INDICES),
    ShapeApi("torch.nn.functional.nll_loss", S.LOSS, _LOSS, loss=LossContract.CLASS_INDICES),
    ShapeApi("torch.nn.functional.binary_cross_entropy", S.LOSS, _LOSS, loss=LossContract.PROBABILITIES),
    ShapeApi("torch.nn.functional.binary_cross_entropy_with_logits", S.LOSS, _LOSS, loss=LossContract.LOGITS),
    *(ShapeApi(f"torch.nn.functional.{name}", S.LOSS, _LOSS, loss=LossContract.BROADCAST)
      for name in ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss")),
)

L = LayerFamily
_CONV_ARGS = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups")
_TRANSPOSED_ARGS = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups",
                    "bias", "dilation")
_RECURRENT_ARGS = ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional")
_SAME_SHAPE_MODULES = (
    "CELU", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "ELU", "GELU", "Hardsigmoid",
    "Hardswish", "Hardtanh", "Identity", "LeakyReLU", "LogSoftmax", "Mish", "PReLU", "ReLU", "ReLU6", "SELU", "SiLU",
    "Sigmoid", "Softmax", "Softplus", "Softsign", "Tanh", "Tanhshrink", "Threshold", "BatchNorm1d", "BatchNorm2d",
    "BatchNorm3d", "LayerNorm", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm",
)

LAYER_APIS: tuple[LayerShapeApi, ...] = (
    LayerShapeApi("Linear", L.LINEAR, ("in_features", "out_features")),
    *(LayerShapeApi(f"Conv{n}d", L.CONV, _CONV_ARGS, spatial=n) for n in (1, 2, 3)),
    *(LayerShapeApi(f"ConvTranspose{n}d", L.CONV_TRANSPOSED, _TRANSPOSED_ARGS, spatial=n) for n in (1, 2, 3)),
    *(LayerShapeApi(f"MaxPool{n}d", L.MAX_POOL, _MAX_POOL_LAYER, spatial=n) for n in (1, 2, 3)),
    *(LayerShapeApi(f"AvgPool{n}d", L.AVG_POOL, _AVG_POOL, spatial=n) for n in (1, 2, 3)),
    *(LayerShapeApi(f"Adaptive{kind}Pool{n}d", L.ADAPTIVE_POOL, ("output_size",), spatial=n)
      for kind in ("Avg", "Max") for n in (1, 2, 3)),
    LayerShapeApi("Flatten", L.FLATTEN, ("start_dim", "end_dim")),
    LayerShapeApi("Unflatten", L.UNFLATTEN, ("dim", "unflattened_size")),
    LayerShapeApi("Embedding", L.EMBEDDING, ("num_embeddings", "embedding_dim")),
    *(LayerShapeApi(name, L.RECURRENT, _RECURRENT_ARGS) for name in ("LSTM", "GRU")),
    LayerShapeApi("RNN", L.RECURRENT, ("input_size", "hidden_size", "num_layers", "nonlinearity", "bias", "batch_first",
                                       "dropout", "bidirectional")),
    *(LayerShapeApi(name, L.RECURRENT_CELL, ("input_size", "hidden_size"))
      for name in ("RNNCell", "LSTMCell", "GRUCell")),
    *(LayerShapeApi(name, L.SAME_SHAPE) for name in _SAME_SHAPE_MODULES),
    LayerShapeApi("Upsample", L.UPSAMPLE, ("size", "scale_factor")),
    LayerShapeApi("Sequential", L.SEQUENTIAL),
    LayerShapeApi("CrossEntropyLoss", L.LOSS, loss=LossContract.CLASS_INDICES),
    LayerShapeApi("NLLLoss", L.LOSS, loss=LossContract.CLASS_INDICES),
    LayerShapeApi("BCELoss", L.LOSS, loss=LossContract.PROBABILITIES),
    LayerShapeApi("BCEWithLogitsLoss", L.LOSS, loss=LossContract.LOGITS),
    *(LayerShapeApi(name, L.LOSS, loss=LossContract.BROADCAST)
      for name in ("MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss")),
)

SHAPE_FUNCTIONS: dict[str, ShapeApi] = {r.qualified: r for r in SHAPE_APIS
                                        if not r.qualified.startswith("torch.Tensor.")}
SHAPE_METHODS: dict[str, ShapeApi] = {r.name: r for r in SHAPE_APIS if r.qualified.startswith("torch.Tensor.")}
LAYERS: dict[str, LayerShapeApi] = {r.name: r for r in LAYER_APIS}


@dataclass(frozen=True)
class ModuleRunner:
    """An API that runs a module's forward on example inputs: ``torch.jit.trace(model, x)``,
    ``torch.onnx.export(model, args, f)``. ``inputs`` names the parameter of the example (a tensor or a tuple
    of them), after the module's own (``module``)."""

    qualified: str
    module: str
    inputs: str


MODULE_RUNNERS: dict[str, ModuleRunner] = {r.qualified: r for r in (
    ModuleRunner("torch.jit.trace", "func", "example_inputs"),
    ModuleRunner("torch.jit._get_trace_graph", "f", "args"),
    ModuleRunner("torch.onnx.export", "model", "args"),
)}

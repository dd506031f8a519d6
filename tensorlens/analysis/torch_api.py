"""What TensorLens knows about PyTorch's and NumPy's API, as data.

This is the one table of API semantics: which methods write in place, which
move devices, which return views, which copy and which alias memory, which
functions are factories taking ``device=``, which ops mix their operands,
which modules carry parameters, which ops save tensors for backward. The
interpreter reads it; rules never duplicate it.
"""

from __future__ import annotations

from typing import Optional

# --- Tensor methods -------------------------------------------------------------

# In-place tensor methods end in "_" (PyTorch's convention); these do not write data.
NOT_DATA_WRITES = frozenset({"requires_grad_", "share_memory_", "retain_grad_", "pin_memory_"})


def is_in_place_method(name: str) -> bool:
    """``add_``, ``zero_``, ``copy_``... write through the receiver."""
    return name.endswith("_") and not name.startswith("_") and name not in NOT_DATA_WRITES


# NumPy array methods that write in place (numpy has no "_" convention).
NDARRAY_IN_PLACE_METHODS = frozenset({"fill", "sort", "put", "partition", "itemset", "setfield", "resize"})

DEVICE_MOVERS = frozenset({"to", "cuda", "cpu", "mps", "xpu", "type"})
DTYPE_CONVERTERS = frozenset(
    {"double", "float", "half", "bfloat16", "long", "int", "short", "bool", "byte", "char", "cfloat", "cdouble"}
)

# Methods whose result is a view of the receiver (shares storage and version counter).
VIEW_METHODS = frozenset(
    {
        "view", "view_as", "transpose", "t", "permute", "squeeze", "unsqueeze", "narrow", "expand",
        "expand_as", "select", "diagonal", "unfold", "movedim", "moveaxis", "swapaxes", "swapdims",
        "as_strided", "unflatten", "real", "imag", "view_as_real", "mT", "mH", "T", "H",
    }
)
VIEW_ATTRIBUTES = frozenset({"T", "mT", "H", "mH", "real", "imag"})
# Views with the receiver's number of dimensions, and views that always have at least one.
RANK_KEEPING_VIEWS = frozenset({"transpose", "t", "permute", "narrow", "movedim", "moveaxis", "swapaxes",
                                "swapdims", "real", "imag", "T", "mT", "H", "mH", "expand_as", "view_as"})
VECTOR_VIEWS = frozenset({"unsqueeze", "unflatten", "unfold", "view_as_real"})


# Methods that return a tensor on the receiver's device and carry its autograd history.
TENSOR_METHODS = frozenset(
    {
        "abs", "acos", "asin", "atan", "ceil", "clamp", "clip", "cos", "cosh", "exp", "exp2", "expm1",
        "floor", "frac", "log", "log10", "log1p", "log2", "neg", "reciprocal", "round", "rsqrt", "sigmoid",
        "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh", "trunc", "relu", "softmax", "log_softmax",
        "sum", "mean", "prod", "std", "var", "norm", "max", "min", "amax", "amin", "argmax", "argmin",
        "cumsum", "cumprod", "logsumexp", "median", "nansum", "nanmean", "all", "any", "count_nonzero",
        "reshape", "flatten", "contiguous", "repeat", "roll", "flip", "tril", "triu", "masked_select",
        "float", "double", "half", "bfloat16", "long", "int", "bool", "byte", "short", "char",
        "clone", "pow", "add", "sub", "mul", "div", "matmul", "mm", "bmm", "mv", "dot", "outer",
        "masked_fill", "where", "gather", "index_select", "eq", "ne", "lt", "le", "gt", "ge", "maximum",
        "minimum", "true_divide", "floor_divide", "remainder", "fmod", "lerp", "addmm", "baddbmm",
        "addcmul", "addcdiv", "type_as", "new_zeros", "new_ones", "new_empty", "new_full", "new_tensor",
        "squeeze", "unsqueeze", "view", "view_as", "transpose", "permute", "t", "expand", "expand_as",
        "narrow", "select", "diagonal", "detach", "to", "cuda", "cpu", "nan_to_num", "isnan", "isinf",
        "isfinite", "logical_not", "logical_and", "logical_or", "sort", "topk", "kthvalue", "unique",
        "chunk", "split", "unbind", "movedim", "permute", "einsum", "sigmoid", "erf", "erfinv", "lgamma",
        "digamma", "trace", "diag", "inverse", "det", "logdet", "abs", "square", "flip", "repeat_interleave",
        "argsort", "nonzero", "logical_xor", "isneginf", "isposinf", "mode", "nanmedian", "cummax", "cummin",
    }
)

# Elementwise ops (methods, torch.* and F.* functions by their last name): the result has the
# broadcast shape of the operands, so it has dimensions when any operand has.
ELEMENTWISE_OPS = frozenset(
    {
        "abs", "acos", "asin", "atan", "ceil", "clamp", "clip", "cos", "cosh", "exp", "exp2", "expm1", "floor",
        "frac", "log", "log10", "log1p", "log2", "neg", "reciprocal", "round", "rsqrt", "sigmoid", "sign", "sin",
        "sinh", "sqrt", "square", "tan", "tanh", "trunc", "relu", "softmax", "log_softmax", "float", "double",
        "half", "bfloat16", "long", "int", "bool", "byte", "short", "char", "clone", "pow", "add", "sub", "mul",
        "div", "masked_fill", "where", "eq", "ne", "lt", "le", "gt", "ge", "maximum", "minimum", "true_divide",
        "floor_divide", "remainder", "fmod", "lerp", "addcmul", "addcdiv", "type_as", "nan_to_num", "isnan",
        "isinf", "isfinite", "logical_not", "logical_and", "logical_or", "logical_xor", "detach", "to", "cuda",
        "cpu", "erf", "erfinv", "lgamma", "digamma", "flip", "roll", "triu", "tril", "contiguous", "cumsum",
        "cumprod", "gelu", "silu", "elu", "leaky_relu", "softplus", "mish", "dropout", "normalize", "hardtanh",
        "relu6", "selu", "celu", "logsigmoid", "softsign", "tanhshrink", "threshold", "neg", "mul", "div",
    }
)
# Conversions that return the receiver itself when it already has that dtype or layout, so a leaf
# may stay a leaf (`torch.ones(2, requires_grad=True).float()` is still a leaf).
MAYBE_IDENTITY_METHODS = frozenset({"float", "double", "half", "bfloat16", "contiguous", "type_as", "cfloat",
                                    "cdouble"})
# Tensor methods answering with an int (`x.size(0)`, `x.dim()`); `x.size()` is a torch.Size.
INT_METHODS = frozenset({"dim", "ndimension", "numel", "nelement", "element_size", "get_device"})

# Tensor attributes a branch test reads to handle each device (`if x.is_cuda:`).
DEVICE_TEST_ATTRIBUTES = frozenset({"is_cuda", "is_meta", "is_mps", "is_cpu", "is_xpu", "device", "get_device"})

# list and dict methods that change which values a container holds.
CONTAINER_MUTATORS = frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear",
                                "update", "setdefault", "popitem", "__setitem__", "__delitem__"})

# Methods returning plain Python data or metadata, never a tensor.
NON_TENSOR_METHODS = frozenset(
    {
        "item", "tolist", "size", "dim", "ndimension", "numel", "nelement", "element_size", "stride",
        "storage_offset", "is_contiguous", "data_ptr", "get_device", "is_floating_point", "is_complex",
        "untyped_storage", "storage", "backward", "register_hook", "retain_grad", "equal", "allclose",
        "__len__", "nbytes", "itemsize", "is_pinned", "is_shared", "is_set_to",
    }
)

# Results with no dimension when called without a ``dim``: a 0-dim tensor may mix
# with tensors on other devices (PyTorch treats CPU scalars like Python numbers).
REDUCTIONS = frozenset(
    {"sum", "mean", "prod", "std", "var", "norm", "max", "min", "amax", "amin", "median", "nansum",
     "nanmean", "all", "any", "count_nonzero", "logsumexp", "trace", "det", "logdet", "dot"}
)

# Methods whose tensor arguments must be on the receiver's device.
MIXING_METHODS = frozenset(
    {
        "add", "sub", "mul", "div", "matmul", "mm", "bmm", "mv", "dot", "outer", "pow", "masked_fill",
        "where", "gather", "index_select", "eq", "ne", "lt", "le", "gt", "ge", "maximum", "minimum",
        "true_divide", "floor_divide", "remainder", "fmod", "lerp", "addmm", "baddbmm", "addcmul",
        "addcdiv", "copy_", "add_", "sub_", "mul_", "div_", "masked_fill_", "index_add_", "scatter_",
        "scatter_add_", "index_copy_", "addmm_", "addcmul_", "addcdiv_", "lerp_", "clamp_", "pow_",
        "type_as", "expand_as", "view_as", "masked_scatter", "masked_scatter_", "index_put_", "put_",
        "cross", "kron", "scatter", "scatter_add", "index_add", "index_copy", "take_along_dim",
    }
)
# copy_ copies across devices legitimately; type_as/expand_as/view_as read only metadata.
CROSS_DEVICE_SAFE_METHODS = frozenset({"copy_", "type_as", "expand_as", "view_as"})

# --- torch functions ---------------------------------------------------------------

# Tensor factories: accept device= / requires_grad= / dtype=, create on CPU by default.
FACTORIES = frozenset(
    {
        "torch.tensor", "torch.zeros", "torch.ones", "torch.empty", "torch.full", "torch.rand",
        "torch.randn", "torch.randint", "torch.randperm", "torch.arange", "torch.range", "torch.linspace",
        "torch.logspace", "torch.eye", "torch.scalar_tensor", "torch.empty_strided", "torch.normal",
        "torch.sparse_coo_tensor", "torch.tril_indices", "torch.triu_indices", "torch.hann_window",
        "torch.hamming_window", "torch.bartlett_window", "torch.blackman_window", "torch.kaiser_window",
        "torch.complex", "torch.polar", "torch.as_tensor", "torch.Tensor", "torch.FloatTensor",
        "torch.LongTensor", "torch.IntTensor", "torch.BoolTensor", "torch.DoubleTensor",
    }
)
# Factories whose size comes first, as separate integers or as one sequence (`zeros(2, 3)`,
# `zeros((2, 3))`, `zeros(())`): the result is 0-dim exactly when that sequence is empty.
SIZED_FACTORIES = frozenset({"torch.zeros", "torch.ones", "torch.empty", "torch.full", "torch.rand",
                             "torch.randn"})
# Factories taking data (`torch.tensor(0.5)` is 0-dim, `torch.tensor([0.5])` is not).
DATA_FACTORIES = frozenset({"torch.tensor", "torch.scalar_tensor", "torch.as_tensor", "torch.asarray"})
# Factories that always make at least one dimension.
VECTOR_FACTORIES = frozenset({"torch.arange", "torch.range", "torch.linspace", "torch.logspace", "torch.eye",
                              "torch.randperm", "torch.tril_indices", "torch.triu_indices"})
# *_like factories default to their input's device.
LIKE_FACTORIES = frozenset(
    {"torch.zeros_like", "torch.ones_like", "torch.empty_like", "torch.full_like", "torch.rand_like",
     "torch.randn_like", "torch.randint_like"}
)
# Legacy constructors that never take device= (always CPU).
CPU_ONLY_CONSTRUCTORS = frozenset(
    {"torch.Tensor", "torch.FloatTensor", "torch.LongTensor", "torch.IntTensor", "torch.BoolTensor",
     "torch.DoubleTensor"}
)

# Functions whose tensor arguments must all live on one device.
MIXING_FUNCTIONS = frozenset(
    {
        "torch.add", "torch.sub", "torch.subtract", "torch.mul", "torch.multiply", "torch.div",
        "torch.divide", "torch.true_divide", "torch.matmul", "torch.mm", "torch.bmm", "torch.mv",
        "torch.dot", "torch.addmm", "torch.baddbmm", "torch.addcmul", "torch.addcdiv", "torch.where",
        "torch.cat", "torch.concat", "torch.concatenate", "torch.stack", "torch.hstack", "torch.vstack",
        "torch.dstack", "torch.column_stack", "torch.maximum", "torch.minimum", "torch.pow", "torch.eq",
        "torch.ne", "torch.lt", "torch.le", "torch.gt", "torch.ge", "torch.einsum", "torch.cross",
        "torch.dist", "torch.cdist", "torch.outer", "torch.kron", "torch.tensordot", "torch.lerp",
        "torch.atan2", "torch.fmod", "torch.remainder", "torch.masked_select", "torch.index_select",
        "torch.gather", "torch.take_along_dim", "torch.allclose", "torch.isclose", "torch.equal",
        "torch.bucketize", "torch.searchsorted", "torch.clamp", "torch.nn.functional.linear",
        "torch.nn.functional.bilinear", "torch.nn.functional.conv1d", "torch.nn.functional.conv2d",
        "torch.nn.functional.conv3d", "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss",
        "torch.nn.functional.mse_loss", "torch.nn.functional.l1_loss", "torch.nn.functional.smooth_l1_loss",
        "torch.nn.functional.binary_cross_entropy", "torch.nn.functional.binary_cross_entropy_with_logits",
        "torch.nn.functional.kl_div", "torch.nn.functional.cosine_similarity",
        "torch.nn.functional.pairwise_distance", "torch.nn.functional.embedding",
        "torch.nn.functional.layer_norm", "torch.nn.functional.batch_norm",
        "torch.nn.functional.scaled_dot_product_attention", "torch.nn.functional.huber_loss",
    }
)

# Functions returning a tensor on their (first) tensor input's device, with history.
DEVICE_PRESERVING_FUNCTIONS = MIXING_FUNCTIONS | frozenset(
    {
        "torch.abs", "torch.exp", "torch.log", "torch.sigmoid", "torch.tanh", "torch.relu", "torch.sqrt",
        "torch.sin", "torch.cos", "torch.softmax", "torch.log_softmax", "torch.sum", "torch.mean",
        "torch.max", "torch.min", "torch.flatten", "torch.reshape", "torch.squeeze", "torch.unsqueeze",
        "torch.transpose", "torch.permute", "torch.clone", "torch.neg", "torch.square", "torch.argmax",
        "torch.argmin", "torch.norm", "torch.std", "torch.var", "torch.prod", "torch.cumsum",
        "torch.nn.functional.relu", "torch.nn.functional.gelu", "torch.nn.functional.silu",
        "torch.nn.functional.softmax", "torch.nn.functional.log_softmax", "torch.nn.functional.sigmoid",
        "torch.nn.functional.tanh", "torch.nn.functional.dropout", "torch.nn.functional.normalize",
        "torch.nn.functional.leaky_relu", "torch.nn.functional.elu", "torch.nn.functional.pad",
        "torch.nn.functional.max_pool2d", "torch.nn.functional.avg_pool2d", "torch.nn.functional.interpolate",
        "torch.nn.functional.one_hot", "torch.nn.functional.softplus", "torch.nn.functional.mish",
        "torch.sort", "torch.topk", "torch.nan_to_num", "torch.exp2", "torch.log1p", "torch.expm1",
        "torch.rsqrt", "torch.erf", "torch.round", "torch.floor", "torch.ceil", "torch.sign",
        "torch.triu", "torch.tril", "torch.t", "torch.flip", "torch.roll", "torch.repeat_interleave",
        "torch.cumprod", "torch.logsumexp", "torch.amax", "torch.amin", "torch.diag", "torch.chunk",
        "torch.split", "torch.unbind", "torch.narrow", "torch.squeeze", "torch.movedim",
    }
)
REDUCTION_FUNCTIONS = frozenset(
    {"torch.sum", "torch.mean", "torch.max", "torch.min", "torch.norm", "torch.std", "torch.var",
     "torch.prod", "torch.dot", "torch.dist", "torch.nn.functional.cross_entropy",
     "torch.nn.functional.nll_loss", "torch.nn.functional.mse_loss", "torch.nn.functional.l1_loss",
     "torch.nn.functional.smooth_l1_loss", "torch.nn.functional.binary_cross_entropy",
     "torch.nn.functional.binary_cross_entropy_with_logits", "torch.nn.functional.kl_div",
     "torch.nn.functional.huber_loss"}
)
# Functions taking their tensors inside one list/tuple argument.
SEQUENCE_ARGUMENT_FUNCTIONS = frozenset(
    {"torch.cat", "torch.concat", "torch.concatenate", "torch.stack", "torch.hstack", "torch.vstack",
     "torch.dstack", "torch.column_stack"}
)

# Methods whose result is integer or boolean, so it never requires grad, whatever the receiver
# (indices, comparisons, predicates, casts to integer types): `out.argmax(1).numpy()` is fine.
NO_GRAD_RESULT_METHODS = frozenset(
    {"argmax", "argmin", "argsort", "eq", "ne", "lt", "le", "gt", "ge", "isnan", "isinf", "isfinite",
     "isneginf", "isposinf", "isreal", "logical_not", "logical_and", "logical_or", "logical_xor", "nonzero",
     "count_nonzero", "all", "any", "long", "int", "short", "bool", "byte", "char"}
)
# Functions likewise.
NO_GRAD_RESULT_FUNCTIONS = frozenset(
    {"torch.argmax", "torch.argmin", "torch.argsort", "torch.eq", "torch.ne", "torch.lt", "torch.le",
     "torch.gt", "torch.ge", "torch.equal", "torch.allclose", "torch.isclose", "torch.bucketize",
     "torch.searchsorted", "torch.isnan", "torch.isinf", "torch.isfinite", "torch.logical_not",
     "torch.logical_and", "torch.logical_or", "torch.logical_xor", "torch.nonzero", "torch.count_nonzero",
     "torch.all", "torch.any"}
)
# Ops returning a (values, indices) pair: values keep the input's history, indices never require grad.
# max/min/median/... return one tensor without a dim (or, for max/min, the elementwise op with a tensor).
VALUES_INDICES_OPS = frozenset({"sort", "topk", "kthvalue", "mode", "cummax", "cummin"})
VALUES_INDICES_WITH_DIM_OPS = frozenset({"max", "min", "median", "nanmedian"})
# dtypes (as `torch.<name>`) whose tensors cannot require grad: `.to(torch.long)` drops it.
INTEGRAL_DTYPES = frozenset(
    {"long", "int64", "int", "int32", "short", "int16", "int8", "uint8", "uint16", "uint32", "uint64", "bool"}
)

# --- memory sharing between numpy and torch ---------------------------------------

# Calls whose result shares memory with their first argument (numpy <-> torch).
ALIAS_TO_TENSOR = frozenset({"torch.from_numpy", "torch.as_tensor", "torch.asarray"})
ALIAS_TO_NDARRAY = frozenset({"numpy.asarray", "numpy.asanyarray"})
COPY_TO_NDARRAY = frozenset({"numpy.array", "numpy.copy", "numpy.ascontiguousarray"})

NUMPY_IN_PLACE_FUNCTIONS = frozenset({"numpy.copyto", "numpy.put", "numpy.place", "numpy.putmask",
                                      "numpy.fill_diagonal", "numpy.random.shuffle"})

# --- devices and grad mode ----------------------------------------------------------

DEVICE_CONSTRUCTORS = frozenset({"torch.device"})
ACCELERATOR_PROBES = {
    "torch.cuda.is_available": "cuda",
    "torch.backends.mps.is_available": "mps",
    "torch.xpu.is_available": "xpu",
}
NO_GRAD_CONTEXTS = frozenset(
    {"torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad",
     "torch.autograd.grad_mode.inference_mode", "torch.autograd.inference_mode"}
)
ENABLE_GRAD_CONTEXTS = frozenset({"torch.enable_grad", "torch.autograd.enable_grad"})
SET_GRAD_ENABLED = frozenset({"torch.set_grad_enabled", "torch.autograd.set_grad_enabled"})
GRAD_MODE_CONTEXTS = NO_GRAD_CONTEXTS | ENABLE_GRAD_CONTEXTS | SET_GRAD_ENABLED
DEFAULT_DEVICE_SETTERS = frozenset({"torch.set_default_device", "torch.set_default_tensor_type"})

# --- modules and optimizers --------------------------------------------------------

PARAMETER_CONSTRUCTORS = frozenset({"torch.nn.Parameter", "torch.nn.parameter.Parameter"})
MODULE_BASES = frozenset({"torch.nn.Module", "torch.nn.modules.module.Module", "torch.nn.Sequential",
                          "torch.nn.ModuleList", "torch.nn.ModuleDict", "pytorch_lightning.LightningModule",
                          "lightning.LightningModule", "lightning.pytorch.LightningModule"})

# nn modules holding no parameters or buffers: they run on whatever device their input is on.
PARAMETERLESS_MODULES = frozenset(
    {
        "ReLU", "ReLU6", "GELU", "SiLU", "Mish", "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Softplus",
        "LeakyReLU", "ELU", "SELU", "CELU", "Hardtanh", "Hardswish", "Hardsigmoid", "Softsign", "Tanhshrink",
        "Threshold", "GLU", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "Identity",
        "Flatten", "Unflatten", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
        "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
        "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "Upsample", "PixelShuffle", "PixelUnshuffle",
        "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ReflectionPad2d", "ReplicationPad2d",
        "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "KLDivLoss", "BCELoss", "CrossEntropyLoss",
        "NLLLoss", "BCEWithLogitsLoss", "CosineEmbeddingLoss", "MarginRankingLoss", "TripletMarginLoss",
        "HingeEmbeddingLoss", "SoftMarginLoss", "MultiLabelSoftMarginLoss", "PoissonNLLLoss",
        "GaussianNLLLoss", "CTCLoss", "CosineSimilarity", "PairwiseDistance", "ChannelShuffle",
    }
)
# Keywords through which a parameterless module still holds a tensor (a buffer).
MODULE_TENSOR_KEYWORDS = frozenset({"weight", "pos_weight"})
# Attributes of any nn module that are parameters when present.
PARAMETER_ATTRIBUTES = frozenset({"weight", "bias", "in_proj_weight", "in_proj_bias", "weight_ih_l0",
                                  "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"})
NOT_MODULES = frozenset({"Parameter", "Module", "ParameterList", "ParameterDict", "DataParallel",
                         "DistributedDataParallel", "functional", "init", "utils", "parameter", "modules",
                         "parallel", "Buffer", "UninitializedParameter"})
# Containers hold the modules they are given: they live where their children live.
CONTAINER_MODULES = frozenset({"Sequential", "ModuleList", "ModuleDict"})

# Module methods that change the module in place and return it (unlike Tensor.to).
MODULE_IN_PLACE_METHODS = frozenset({"to", "cuda", "cpu", "mps", "xpu", "half", "float", "double",
                                     "bfloat16", "train", "eval", "requires_grad_", "apply", "to_empty"})
PARAMETER_ITERATORS = frozenset({"parameters"})
NAMED_PARAMETER_ITERATORS = frozenset({"named_parameters"})

# Data loading: what a DataLoader over these datasets yields is on the CPU.
DATA_LOADERS = frozenset({"torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader"})
TENSOR_DATASETS = frozenset({"torch.utils.data.TensorDataset", "torch.utils.data.dataset.TensorDataset"})
CPU_DATASET_PREFIXES = ("torchvision.datasets.", "torchaudio.datasets.", "torchtext.datasets.")
DATASET_WRAPPERS = frozenset({"torch.utils.data.Subset", "torch.utils.data.random_split"})

OPTIMIZER_PREFIXES = ("torch.optim.",)
MODULE_FACTORY_PREFIXES = ("torchvision.models.", "timm.create_model", "transformers.AutoModel")


def nn_module_name(qualified: str) -> Optional[str]:
    """``torch.nn.Linear`` -> ``Linear``; None when the name is not an nn module class."""
    for prefix in ("torch.nn.modules.", "torch.nn."):
        if qualified.startswith(prefix):
            last = qualified.rsplit(".", 1)[-1]
            if last[:1].isupper() and last not in NOT_MODULES:
                return last
    return None


def is_optimizer(qualified: str) -> bool:
    """``torch.optim.SGD`` and friends (not lr schedulers)."""
    return qualified.startswith(OPTIMIZER_PREFIXES) and ".lr_scheduler" not in qualified and \
        qualified.rsplit(".", 1)[-1][:1].isupper()


def is_module_factory(qualified: str) -> bool:
    """Calls known to build a model (``torchvision.models.resnet18()``)."""
    return qualified.startswith(MODULE_FACTORY_PREFIXES)


# --- autograd: what ops save for backward (inplace-on-saved-tensor, backward-twice) ---
#
# Op names are tensor methods or the last part of a torch function's name. Checked
# against torch 2.13 (a backward after an in-place change of the named tensor raises
# "modified by an inplace operation"; a second backward raises "backward through the
# graph a second time"). Only saves that certainly happen are listed.

# Ops whose backward reads their *output*.
SAVES_OUTPUT = frozenset({"sigmoid", "tanh", "exp", "exp2", "expm1", "softmax", "log_softmax", "relu", "sqrt",
                          "rsqrt", "reciprocal", "tan", "norm", "prod", "std", "logsumexp", "cumprod"})
# Ops whose backward reads their first input (whenever the result requires grad).
SAVES_FIRST_INPUT = frozenset(
    {"log", "log2", "log10", "log1p", "sin", "cos", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh",
     "atanh", "sinc", "abs", "pow", "square", "clamp", "clip", "elu", "selu", "celu", "leaky_relu", "gelu",
     "silu", "mish", "softplus", "hardtanh", "erf", "lgamma", "digamma", "norm", "prod", "std", "var",
     "logsumexp", "cumprod"}
)
# Two-operand products: each operand is saved when the other one requires grad.
SAVES_EACH_OTHER = frozenset({"mul", "multiply", "matmul", "mm", "bmm", "mv", "dot", "outer", "inner", "linear"})
# Division: the numerator is saved when the denominator requires grad; the denominator always.
DIVISIONS = frozenset({"div", "divide", "true_divide"})
# Ops that save all their tensor inputs (convolutions, most losses: input and target).
SAVES_ALL_INPUTS = frozenset({"conv1d", "conv2d", "conv3d", "mse_loss", "smooth_l1_loss", "huber_loss",
                              "binary_cross_entropy", "binary_cross_entropy_with_logits"})
# Ops that save something else (indices, masks, statistics): their graph cannot be run twice.
SAVES_OTHER = frozenset(
    {"max", "min", "amax", "amin", "median", "sort", "topk", "kthvalue", "dropout", "layer_norm", "batch_norm",
     "group_norm", "embedding", "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d",
     "avg_pool3d", "gather", "index_select", "masked_fill", "where", "normalize", "einsum", "addmm", "baddbmm",
     "cross_entropy", "nll_loss", "l1_loss", "kl_div", "cosine_similarity", "scaled_dot_product_attention"}
)
# Binary operators by the op they run.
OPERATOR_OPS = {"*": "mul", "/": "div", "@": "matmul", "**": "pow"}

# nn modules whose call saves its output; saves its input (for the weight's gradient); saves something.
MODULES_SAVING_OUTPUT = frozenset({"ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax"})
MODULES_SAVING_INPUT = frozenset({"Linear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d",
                                  "ConvTranspose2d", "ConvTranspose3d", "BatchNorm1d", "BatchNorm2d",
                                  "BatchNorm3d", "LayerNorm", "GroupNorm"})
MODULES_SAVING = MODULES_SAVING_OUTPUT | MODULES_SAVING_INPUT | frozenset(
    {"Embedding", "LSTM", "GRU", "RNN", "LSTMCell", "GRUCell", "RNNCell", "MultiheadAttention", "PReLU", "GELU",
     "SiLU", "ELU", "LeakyReLU", "Softplus", "Mish", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d",
     "AvgPool2d", "AvgPool3d", "MSELoss", "L1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss",
     "BCEWithLogitsLoss", "SmoothL1Loss", "HuberLoss", "KLDivLoss", "LogSoftmax", "Softmax"}
)

# Every tensor or module the engine knows of comes through a name holding one of these
# (an import of torch, timm, transformers or lightning): rules that need one use them as triggers.
TENSOR_SOURCE_WORDS = ("torch", "timm", "transformers", "lightning")

# Calls that run backward and free the graph's saved tensors unless told to keep them:
# the name, and the positions of retain_graph and create_graph among its arguments.
BACKWARD_CALLS = {"backward": (1, 2), "torch.autograd.backward": (2, 3), "torch.autograd.grad": (3, 4)}
# Calls that run backward in frameworks' training loops (for missing-zero-grad).
BACKWARD_METHODS = frozenset({"backward", "manual_backward"})
GRAD_CLEARING_METHODS = frozenset({"zero_grad"})
OPTIMIZER_STEP = "step"


def saves_for_backward(op: Optional[str]) -> bool:
    """Does ``op``'s backward hold saved tensors (so its graph can be run only once)?"""
    return op is not None and (op in SAVES_OUTPUT or op in SAVES_FIRST_INPUT or op in SAVES_EACH_OTHER
                               or op in DIVISIONS or op in SAVES_ALL_INPUTS or op in SAVES_OTHER)


def saved_operands(op: str, requires: list[Optional[bool]]) -> tuple[int, ...]:
    """Positions of the operands ``op`` certainly saves, for a result that requires grad.

    ``requires[i]`` is True when operand ``i`` is a tensor known to require grad,
    False for any other tensor, None when it is not known to be a tensor.
    """
    tensors = [i for i, flag in enumerate(requires) if flag is not None]
    if op in SAVES_FIRST_INPUT:
        return (0,) if 0 in tensors else ()
    if op in SAVES_ALL_INPUTS:
        return tuple(tensors)
    if len(requires) < 2 or 0 not in tensors or 1 not in tensors:
        return ()
    if op in SAVES_EACH_OTHER:
        return tuple(i for i in (0, 1) if requires[1 - i] is True)
    if op in DIVISIONS:
        return (0, 1) if requires[1] is True else (1,)
    return ()


# Torch APIs whose own parameter is spelled like a misspelling of requires_grad.
REQUIRE_GRAD_PARAMETERS = frozenset({"torch.Tensor._make_subclass"})


def is_requires_grad_misspelling(name: str) -> bool:
    """``require_grad``, ``requires_grads``, ``requries_grad``...: near ``requires_grad`` but not it.

    Every misspelling starts with "req" (the requires-grad-typo rule's trigger).
    """
    if not name.startswith("req") or name in ("requires_grad", "requires_grad_"):
        return False
    if name in ("requires_gradient", "require_gradient", "requires_gradients", "required_gradient"):
        return True
    return _edit_distance(name.lower(), "requires_grad", 2) <= 2


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent swaps, giving up above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]

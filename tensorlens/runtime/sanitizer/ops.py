"""What the monitor needs to know about each torch function, as data.

Every function that reaches ``__torch_function__`` is classified once (by
name, owner and module) into an ``OpTraits``, cached per function object;
the monitor then dispatches on ``kind`` alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class OpKind(enum.Enum):
    """What a torch function does, as far as the checks care."""

    PASS = "pass"  # metadata queries, getters, profiler hooks: nothing to check or record
    GENERIC = "generic"  # reads its tensor arguments, may return new tensors
    INPLACE = "inplace"  # writes into its first argument (or each tensor of a list)
    FACTORY = "factory"  # creates a tensor
    MOVER = "mover"  # returns a copy on another device (or dtype)
    NUMPY_EXPORT = "numpy_export"  # Tensor.numpy / np.asarray(tensor)
    BACKWARD = "backward"  # runs the autograd engine
    DATA_SET = "data_set"  # `t.data = other`, how Module.to moves parameters


@dataclass(frozen=True)
class OpTraits:
    """A torch function's kind, display name and the exceptions the checks must know."""

    kind: OpKind
    name: str  # how messages name the op: "linear", "+", ".add_()"
    mixes_devices: bool = False  # PyTorch accepts tensors on different devices here
    accumulates: bool = False  # `+`/`+=`/add: can carry a loss across iterations
    writes_list: bool = False  # _foreach_*_: the first argument is a list of targets
    loss: str | None = None  # "cross_entropy"/"nll_loss": a loss that must not get probabilities (TL110)


_PASS_NAMES = frozenset({
    "dim", "size", "stride", "numel", "nelement", "element_size", "item", "tolist",
    "is_floating_point", "is_complex", "is_contiguous", "is_signed", "data_ptr",
    "untyped_storage", "storage", "_typed_storage", "storage_offset", "__len__", "__hash__",
    "__bool__", "__int__", "__float__", "__index__", "__format__", "__repr__", "__reduce_ex__",
    "__deepcopy__", "__setstate__", "_set_grad_enabled", "_record_function_enter_new",
    "_record_function_exit", "_RecordFunction", "_parse_to", "get_device", "requires_grad_", "retain_grad",
    "register_hook", "register_post_accumulate_grad_hook", "is_shared", "share_memory_",
    "_has_compatible_shallow_copy_type", "_is_view", "_version", "_make_subclass",
    "is_pinned", "has_names", "_nested_tensor_size", "__dlpack_device__",
})

_INPLACE_DUNDERS = frozenset({
    "__iadd__", "__isub__", "__imul__", "__itruediv__", "__ifloordiv__", "__imod__",
    "__ipow__", "__iand__", "__ior__", "__ixor__", "__ilshift__", "__irshift__",
    "__imatmul__", "__setitem__",
})

# names ending in "_" that do not write tensor values (or raise their own errors)
_NOT_WRITES = frozenset({
    "requires_grad_", "share_memory_", "rename_", "detach_", "resize_", "resize_as_",
    "set_", "record_stream", "pin_memory", "retain_grad_", "coalesce_",
})

_FACTORIES = frozenset({
    "tensor", "as_tensor", "asarray", "zeros", "ones", "empty", "full", "rand", "randn",
    "randint", "randperm", "arange", "range", "linspace", "logspace", "eye", "empty_strided",
    "zeros_like", "ones_like", "empty_like", "full_like", "rand_like", "randn_like",
    "randint_like", "tril_indices", "triu_indices", "scalar_tensor", "frombuffer",
    "sparse_coo_tensor", "complex", "polar", "normal", "bernoulli", "multinomial",
    "new_tensor", "new_zeros", "new_ones", "new_empty", "new_full",
})

# losses that apply log_softmax to their input, or expect log-probabilities
_LOG_SOFTMAX_LOSSES = frozenset({"cross_entropy", "nll_loss"})

_MOVERS = frozenset({"to", "cuda", "cpu", "xpu", "mps", "type"})

# PyTorch accepts these with tensors on different devices: copies between
# devices, CPU index tensors into a CUDA tensor, lengths that must stay on the
# CPU (ctc_loss, packed sequences), autograd calls over many devices
_MIX_OK = frozenset({
    "to", "copy_", "__getitem__", "__setitem__", "index_put_", "index_put",
    "_index_put_impl_", "type_as", "expand_as", "view_as", "reshape_as", "set_",
    "is_set_to", "is_same_size", "equal", "result_type", "can_cast", "ctc_loss",
    "_pack_padded_sequence", "_pad_packed_sequence", "grad", "backward", "new_tensor",
    "new_empty", "new_zeros", "new_ones", "new_full", "as_tensor", "asarray", "tensor",
    "tensor_split", "to_sparse", "_to_copy", "swap_tensors", "clone",
})

_ACCUMULATES = frozenset({"__add__", "__radd__", "__iadd__", "add", "add_", "__sub__",
                          "__isub__", "sub", "sub_"})

_SYMBOLS = {
    "__add__": "+", "__radd__": "+", "__iadd__": "+=", "__sub__": "-", "__rsub__": "-",
    "__isub__": "-=", "__mul__": "*", "__rmul__": "*", "__imul__": "*=",
    "__truediv__": "/", "__rtruediv__": "/", "__itruediv__": "/=", "__matmul__": "@",
    "__rmatmul__": "@", "__pow__": "**", "__rpow__": "**", "__setitem__": "[...] =",
    "__getitem__": "[...]", "__and__": "&", "__or__": "|", "__eq__": "==", "__ne__": "!=",
    "__lt__": "<", "__le__": "<=", "__gt__": ">", "__ge__": ">=", "__neg__": "-",
}

_NO_GRAD_MODULES = ("torch.nn.init",)  # these wrap their own in-place ops in no_grad()


def display_name(name: str, is_method: bool, module: str | None) -> str:
    """How a message names an op: ``+``, ``.add_()``, ``torch.cat()``, ``F.linear()``."""
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    if name == "__array__":
        return "np.asarray()"
    if is_method:
        return f".{name}()"
    if module == "torch.nn.functional" or module == "torch._C._nn":
        return f"F.{name}()"
    if module == "torch.autograd":
        return f"torch.autograd.{name}()"
    return f"torch.{name}()"


def classify(func: Any) -> OpTraits:
    """The ``OpTraits`` of a function seen by ``__torch_function__``."""
    name = getattr(func, "__name__", None) or ""
    if name == "__get__":
        return OpTraits(OpKind.PASS, name)
    if name == "__set__":
        owner = getattr(getattr(func, "__self__", None), "__name__", "")
        return OpTraits(OpKind.DATA_SET if owner == "data" else OpKind.PASS, f".{owner} =")
    qualname = getattr(func, "__qualname__", "") or ""
    module = getattr(func, "__module__", None)
    is_method = qualname.startswith(("TensorBase.", "Tensor."))
    shown = display_name(name, is_method, module)
    mixes = name in _MIX_OK or name.startswith("_foreach_")
    if name in _PASS_NAMES or (module or "").startswith(_NO_GRAD_MODULES):
        return OpTraits(OpKind.PASS, shown)
    if name in ("numpy", "__array__") and is_method:
        return OpTraits(OpKind.NUMPY_EXPORT, shown)
    if name == "backward" and is_method or module == "torch.autograd" and name in ("backward", "grad"):
        return OpTraits(OpKind.BACKWARD, shown, mixes_devices=True)
    if name in _MOVERS and is_method:
        return OpTraits(OpKind.MOVER, shown, mixes_devices=True)
    if name in _FACTORIES:
        return OpTraits(OpKind.FACTORY, shown, mixes_devices=mixes)
    accumulates = name in _ACCUMULATES
    if name in _LOG_SOFTMAX_LOSSES and module == "torch.nn.functional":
        return OpTraits(OpKind.GENERIC, shown, loss=name)
    if name in _INPLACE_DUNDERS or (
        name.endswith("_") and not name.endswith("__") and name not in _NOT_WRITES
        and (not name.startswith("_") or name.startswith("_foreach_"))
    ):
        return OpTraits(OpKind.INPLACE, shown, mixes_devices=mixes, accumulates=accumulates,
                        writes_list=name.startswith("_foreach_"))
    return OpTraits(OpKind.GENERIC, shown, mixes_devices=mixes, accumulates=accumulates)


# recurrent kernels take a CPU `batch_sizes` tensor as their second argument
# when the input is a PackedSequence
PACKED_RNN_KERNELS = frozenset({"lstm", "gru", "rnn_tanh", "rnn_relu"})

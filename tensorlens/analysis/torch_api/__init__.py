"""What TensorLens knows about PyTorch's and NumPy's API: one record per API, and the lookups derived from them.

The records (:mod:`.records`) live in :mod:`.tensor_methods`, :mod:`.functions`,
:mod:`.modules` and :mod:`.creation`; this module derives the sets the engine
asks ("is ``view`` a view method?", "does ``torch.cat`` mix devices?") from
them, once, at import. The interpreter reads only these lookups; rules never
list torch names of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Optional, TypeVar

from tensorlens.analysis.torch_api.creation import BACKWARD_CALLS as _BACKWARD_RECORDS
from tensorlens.analysis.torch_api.creation import DEVICE_APIS, GRAD_MODES, NUMPY_APIS
from tensorlens.analysis.torch_api.creation import FACTORIES as _FACTORY_RECORDS
from tensorlens.analysis.torch_api.functions import FUNCTIONAL, TORCH_FUNCTIONS
from tensorlens.analysis.torch_api.modules import (
    CPU_DATASET_PREFIXES,
    DATA_APIS,
    LR_SCHEDULER_PREFIX,
    METRIC_LR_SCHEDULERS,
    MODEL_APIS,
    MODULE_FACTORY_PREFIXES,
    MODULE_RETURNING_WRAPPERS,
    MODULES,
    NOT_MODULES,
    OPTIMIZER_PREFIXES,
    PARAMETER_ATTRIBUTES,
)
from tensorlens.analysis.torch_api.records import (
    Activation,
    FactoryKind,
    GradMode,
    LossInput,
    ModuleRole,
    NamedApi,
    NumpyEffect,
    Rank,
    Result,
    Role,
    Saved,
    TensorApi,
    ValuesIndices,
)
from tensorlens.analysis.torch_api.tensor_methods import TENSOR_METHODS as _METHOD_RECORDS

__all__ = ["CPU_DATASET_PREFIXES", "MODULE_RETURNING_WRAPPERS", "PARAMETER_ATTRIBUTES",
           "TENSOR_API_RECORDS", "Activation", "LossInput"]

_Record = TypeVar("_Record")

TENSOR_API_RECORDS: tuple[TensorApi, ...] = (*_METHOD_RECORDS, *TORCH_FUNCTIONS, *FUNCTIONAL)
_FUNCTION_RECORDS: tuple[TensorApi, ...] = (*TORCH_FUNCTIONS, *FUNCTIONAL)
_NAMED: tuple[NamedApi, ...] = (*MODEL_APIS, *DATA_APIS, *DEVICE_APIS)

# The libraries these records describe (torch, numpy, matplotlib, lightning): a project folder of the same name
# (a stub a bug report ships so that it runs without the library) does not replace what is known of them.
_QUALIFIED_NAMES: tuple[str, ...] = (*(r.qualified for r in TENSOR_API_RECORDS), *(r.qualified for r in _NAMED),
                                     *(r.qualified for r in NUMPY_APIS), *(r.qualified for r in _FACTORY_RECORDS))
MODELED_LIBRARIES = frozenset(name.split(".")[0] for name in _QUALIFIED_NAMES)


def _names(records: Iterable[_Record], where: Callable[[_Record], bool], name: Callable[[_Record], str]
           ) -> frozenset[str]:
    return frozenset(name(record) for record in records if where(record))


def _methods(where: Callable[[TensorApi], bool]) -> frozenset[str]:
    """Tensor method names whose record satisfies ``where``."""
    return _names(_METHOD_RECORDS, where, lambda r: r.name)


def _functions(where: Callable[[TensorApi], bool]) -> frozenset[str]:
    """Qualified torch function names whose record satisfies ``where``."""
    return _names(_FUNCTION_RECORDS, where, lambda r: r.qualified)


def _op_names(where: Callable[[TensorApi], bool]) -> frozenset[str]:
    """Op names (a method's name, a function's last name) of every spelling whose record satisfies ``where``."""
    return _names(TENSOR_API_RECORDS, where, lambda r: r.name)


def _role(role: Role, name: Callable[[NamedApi], str] = lambda r: r.qualified) -> frozenset[str]:
    return _names(_NAMED, lambda r: r.role is role, name)


# --- Tensor methods -------------------------------------------------------------

NOT_DATA_WRITES = _methods(lambda r: r.not_data_write)


# In-place methods that change the receiver's shape, not only its values: ``x.t_()`` makes a [2, 3] a [3, 2].
SHAPE_CHANGING_IN_PLACE = frozenset({"t_", "transpose_", "swapdims_", "swapaxes_", "squeeze_", "unsqueeze_",
                                     "resize_", "resize_as_", "as_strided_", "set_"})


def is_in_place_method(name: str) -> bool:
    """``add_``, ``zero_``, ``copy_``... write through the receiver (PyTorch's trailing-underscore convention)."""
    return name.endswith("_") and not name.startswith("_") and name not in NOT_DATA_WRITES


NDARRAY_IN_PLACE_METHODS = _names(NUMPY_APIS, lambda r: r.effect is NumpyEffect.WRITES and ".ndarray." in r.qualified,
                                  lambda r: r.qualified.rsplit(".", 1)[-1])
DEVICE_MOVERS = _methods(lambda r: r.moves_device)
DTYPE_CONVERTERS = _methods(lambda r: r.converts_dtype)
VIEW_METHODS = _methods(lambda r: r.view)
VIEW_ATTRIBUTES = _methods(lambda r: r.view and r.is_attribute)
RANK_KEEPING_VIEWS = _methods(lambda r: r.rank is Rank.KEEPS)
VECTOR_VIEWS = _methods(lambda r: r.rank is Rank.VECTOR)
TENSOR_METHODS = _methods(lambda r: r.history)
ELEMENTWISE_OPS = _op_names(lambda r: r.elementwise)
MAYBE_IDENTITY_METHODS = _methods(lambda r: r.maybe_identity)
INT_METHODS = _methods(lambda r: r.result is Result.INT)
TENSOR_METADATA_ATTRIBUTES = _methods(lambda r: r.result is Result.METADATA)
DEVICE_TEST_ATTRIBUTES = _methods(lambda r: r.device_test)
NON_TENSOR_METHODS = _methods(lambda r: r.result is not Result.TENSOR)
REDUCTIONS = _methods(lambda r: r.reduction)
MIXING_METHODS = _methods(lambda r: r.mixes)
CROSS_DEVICE_SAFE_METHODS = _methods(lambda r: r.cross_device_ok)
NO_GRAD_RESULT_METHODS = _methods(lambda r: r.integral_result)
# Methods whose result is the receiver's memory on a CPU tensor: detach() and views always, cpu() there.
# (to()/float()/contiguous() share only when nothing needs converting, which the engine cannot always tell.)
MEMORY_SHARING_METHODS = frozenset({"detach", "cpu"}) | VIEW_METHODS
OUT_OF_PLACE_TWINS: dict[str, str] = {r.name: r.out_of_place_twin for r in _METHOD_RECORDS
                                      if r.out_of_place_twin is not None}

# Python list and dict methods that change which values a container holds (Python, not torch).
CONTAINER_MUTATORS = frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear",
                                "update", "setdefault", "popitem", "__setitem__", "__delitem__"})

# --- torch functions ---------------------------------------------------------------

FACTORIES = frozenset(f.qualified for f in _FACTORY_RECORDS if f.kind is not FactoryKind.LIKE)
SIZED_FACTORIES = frozenset(f.qualified for f in _FACTORY_RECORDS if f.kind is FactoryKind.SIZED)
DATA_FACTORIES = frozenset(f.qualified for f in _FACTORY_RECORDS if f.kind is FactoryKind.DATA)
VECTOR_FACTORIES = frozenset(f.qualified for f in _FACTORY_RECORDS if f.kind is FactoryKind.VECTOR)
LIKE_FACTORIES = frozenset(f.qualified for f in _FACTORY_RECORDS if f.kind is FactoryKind.LIKE)
CPU_ONLY_CONSTRUCTORS = frozenset(f.qualified for f in _FACTORY_RECORDS if f.cpu_only)
MEMORY_SHARING_FACTORIES = frozenset(f.qualified for f in _FACTORY_RECORDS if f.shares_memory)

MIXING_FUNCTIONS = _functions(lambda r: r.mixes)
DEVICE_PRESERVING_FUNCTIONS = _functions(lambda r: r.history)
REDUCTION_FUNCTIONS = _functions(lambda r: r.reduction)
SEQUENCE_ARGUMENT_FUNCTIONS = _functions(lambda r: r.takes_sequence)
VECTOR_FUNCTIONS = _functions(lambda r: r.rank is Rank.VECTOR)
NO_GRAD_RESULT_FUNCTIONS = _functions(lambda r: r.integral_result)
VALUES_INDICES_OPS = _op_names(lambda r: r.values_indices is ValuesIndices.ALWAYS)
VALUES_INDICES_WITH_DIM_OPS = _op_names(lambda r: r.values_indices is ValuesIndices.WITH_DIM)
INTEGRAL_DTYPES = _role(Role.INTEGRAL_DTYPE, lambda r: r.name)

# --- memory sharing between numpy and torch ---------------------------------------

ALIAS_TO_TENSOR = frozenset(r.qualified for r in NUMPY_APIS if r.effect is NumpyEffect.SHARES_TO_TENSOR)
ALIAS_TO_NDARRAY = frozenset(r.qualified for r in NUMPY_APIS if r.effect is NumpyEffect.SHARES_TO_ARRAY)
COPY_TO_NDARRAY = frozenset(r.qualified for r in NUMPY_APIS if r.effect is NumpyEffect.COPIES_TO_ARRAY)
NUMPY_CREATORS = frozenset(r.qualified for r in NUMPY_APIS if r.effect is NumpyEffect.CREATES_ARRAY)
ARRAY_CONVERTERS = frozenset(r.qualified for r in NUMPY_APIS if r.converts_tensors)
NUMPY_IN_PLACE_FUNCTIONS = frozenset(r.qualified for r in NUMPY_APIS
                                     if r.effect is NumpyEffect.WRITES and ".ndarray." not in r.qualified)

# --- devices and grad mode ----------------------------------------------------------

DEVICE_CONSTRUCTORS = _role(Role.DEVICE_CONSTRUCTOR)
ACCELERATOR_PROBES: dict[str, str] = {r.qualified: r.detail for r in _NAMED
                                      if r.role is Role.ACCELERATOR_PROBE and r.detail is not None}
NO_GRAD_CONTEXTS = frozenset(r.qualified for r in GRAD_MODES if r.mode is GradMode.OFF)
ENABLE_GRAD_CONTEXTS = frozenset(r.qualified for r in GRAD_MODES if r.mode is GradMode.ON)
SET_GRAD_ENABLED = frozenset(r.qualified for r in GRAD_MODES if r.mode is GradMode.BY_ARGUMENT)
GRAD_MODE_CONTEXTS = NO_GRAD_CONTEXTS | ENABLE_GRAD_CONTEXTS | SET_GRAD_ENABLED
DEFAULT_DEVICE_SETTERS = _role(Role.DEFAULT_DEVICE_SETTER)

# --- modules and optimizers --------------------------------------------------------

PARAMETER_CONSTRUCTORS = _role(Role.PARAMETER)
MODULE_BASES = _role(Role.MODULE_BASE)
PARAMETERLESS_MODULES = frozenset(m.name for m in MODULES if m.role is ModuleRole.PARAMETERLESS)
CONTAINER_MODULES = frozenset(m.name for m in MODULES if m.role is ModuleRole.CONTAINER)
MODULE_TENSOR_KEYWORDS: dict[str, tuple[str, ...]] = {m.name: m.tensor_keywords for m in MODULES if m.tensor_keywords}
MODULE_IN_PLACE_METHODS = _role(Role.MODULE_IN_PLACE_METHOD, lambda r: r.name)
PARAMETER_ITERATORS = _role(Role.PARAMETER_ITERATOR, lambda r: r.name)
NAMED_PARAMETER_ITERATORS = _role(Role.NAMED_PARAMETER_ITERATOR, lambda r: r.name)

DATA_LOADERS = _role(Role.DATA_LOADER)
TENSOR_DATASETS = _role(Role.TENSOR_DATASET)
DATASET_WRAPPERS = _role(Role.DATASET_WRAPPER)


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


def is_scheduled_lr_scheduler(qualified: str) -> bool:
    """``torch.optim.lr_scheduler.StepLR`` and the other schedulers whose ``step()`` moves to the next learning
    rate of a schedule (not ReduceLROnPlateau, which follows a metric)."""
    if not qualified.startswith(LR_SCHEDULER_PREFIX):
        return False
    name = qualified[len(LR_SCHEDULER_PREFIX):]
    return "." not in name and name[:1].isupper() and name not in METRIC_LR_SCHEDULERS and name != "LRScheduler"


def kind_of_type(qualified: str) -> Optional[str]:
    """What an annotation or an ``isinstance`` class says a value is: ``tensor``, ``parameter``, ``module``,
    ``optimizer``, ``ndarray``; None for any other type."""
    if qualified in PARAMETER_CONSTRUCTORS:
        return "parameter"
    if qualified in _TENSOR_TYPES:
        return "tensor"
    if qualified in MODULE_BASES or nn_module_name(qualified) is not None:
        return "module"
    if qualified == "torch.optim.Optimizer" or is_optimizer(qualified):
        return "optimizer"
    if qualified in ("numpy.ndarray", "numpy.typing.NDArray"):
        return "ndarray"
    return None


_TENSOR_TYPES = frozenset({"torch.Tensor", "torch.FloatTensor", "torch.LongTensor", "torch.DoubleTensor",
                           "torch.IntTensor", "torch.BoolTensor", "torch.HalfTensor"})


def is_module_factory(qualified: str) -> bool:
    """Calls known to build a model (``torchvision.models.resnet18()``)."""
    return qualified.startswith(MODULE_FACTORY_PREFIXES)


# --- output activations and the losses that apply one themselves (activation-before-loss) ---

# By op name (``softmax`` for torch.softmax, F.softmax and Tensor.softmax): the activation its result is.
ACTIVATION_OPS: dict[str, Activation] = {r.name: r.activation for r in TENSOR_API_RECORDS if r.activation is not None}
# Ops whose result holds the same values as their one tensor input, reshaped or converted: an activation's output
# stays one through them (``probs.view(-1)``, ``torch.squeeze(probs)``, ``probs.float()``).
ACTIVATION_KEEPING_OPS = VIEW_METHODS | DTYPE_CONVERTERS | DEVICE_MOVERS | MAYBE_IDENTITY_METHODS | _op_names(
    lambda r: r.rearranges)
# nn module classes that compute differently in train() and eval() mode.
MODE_DEPENDENT_MODULES = frozenset(m.name for m in MODULES if m.mode_dependent)
# By nn module class name (``Softmax``): the activation its call returns.
ACTIVATION_MODULES: dict[str, Activation] = {m.name: m.activation for m in MODULES if m.activation is not None}
# By qualified name of a loss function or loss module class: what its first argument must be.
LOSS_INPUTS: dict[str, LossInput] = {
    **{r.qualified: r.loss_input for r in _FUNCTION_RECORDS if r.loss_input is not None},
    **{m.qualified: m.loss_input for m in MODULES if m.loss_input is not None},
}

# --- autograd: what ops save for backward (inplace-on-saved-tensor, backward-twice) ---
#
# Op names are tensor methods or the last part of a torch function's name (each spelling's record
# says what it saves). Checked against torch 2.13: a backward after an in-place change of the named
# tensor raises "modified by an inplace operation"; a second backward raises "backward through the
# graph a second time". Only saves that certainly happen are recorded.

SAVES_OUTPUT = _op_names(lambda r: bool(r.saves & Saved.OUTPUT))
SAVES_FIRST_INPUT = _op_names(lambda r: bool(r.saves & Saved.FIRST_INPUT))
SAVES_EACH_OTHER = _op_names(lambda r: bool(r.saves & Saved.EACH_OTHER))
DIVISIONS = _op_names(lambda r: bool(r.saves & Saved.DIVISION))
SAVES_ALL_INPUTS = _op_names(lambda r: bool(r.saves & Saved.ALL_INPUTS))
SAVES_OTHER = _op_names(lambda r: bool(r.saves & Saved.OTHER))
_SAVES_ANYTHING = _op_names(lambda r: bool(r.saves))
# Binary operators by the op they run.
OPERATOR_OPS = {"*": "mul", "/": "div", "@": "matmul", "**": "pow"}

MODULES_SAVING_OUTPUT = frozenset(m.name for m in MODULES if m.saves & Saved.OUTPUT)
MODULES_SAVING_INPUT = frozenset(m.name for m in MODULES if m.saves & Saved.ALL_INPUTS)
MODULES_SAVING = frozenset(m.name for m in MODULES if m.saves)
# ``nn.ReLU(True)``, ``nn.LeakyReLU(0.2, inplace=True)``: where each module class takes ``inplace`` by position.
MODULE_INPLACE_AT: dict[str, int] = {m.name: m.inplace_at for m in MODULES if m.inplace_at is not None}

# Every tensor or module the engine knows of comes through a name holding one of these
# (an import of torch, timm, transformers or lightning): rules that need one use them as triggers.
TENSOR_SOURCE_WORDS = ("torch", "timm", "transformers", "lightning")

# The name, and the positions of retain_graph and create_graph among its arguments.
BACKWARD_CALLS: dict[str, tuple[int, int]] = {b.name: (b.retain_graph_at, b.create_graph_at)
                                              for b in _BACKWARD_RECORDS}
BACKWARD_METHODS = _role(Role.BACKWARD_METHOD, lambda r: r.name)
GRAD_CLEARING_METHODS = _role(Role.GRAD_CLEARING_METHOD, lambda r: r.name)
HISTORY_DROPPING_WRAPPERS = _role(Role.HISTORY_DROPPING_WRAPPER)
OPTIMIZER_STEP = next(r.name for r in MODEL_APIS if r.role is Role.OPTIMIZER_STEP)


# ``F.relu(x, inplace=True)``: where each function takes its ``inplace`` flag by position.
INPLACE_PARAMETER_AT: dict[str, int] = {r.qualified: r.inplace_at for r in _FUNCTION_RECORDS
                                        if r.inplace_at is not None}
_FUNCTION_NAMES = frozenset(r.qualified for r in _FUNCTION_RECORDS)


def out_of_place_function(qualified: str) -> Optional[str]:
    """``torch.relu`` for ``torch.relu_`` and ``torch.nn.functional.relu_``: a torch function that writes its
    first argument (the trailing-underscore convention) and the op it runs; None for any other name.
    ``torch.nn.init.*_`` write under no_grad (they never break autograd), so only torch.X_ and F.X_ count."""
    namespace, _, name = qualified.rpartition(".")
    if namespace not in ("torch", "torch.nn.functional") or not is_in_place_method(name):
        return None
    for twin in (f"{namespace}.{name[:-1]}", f"torch.{name[:-1]}"):
        if twin in _FUNCTION_NAMES:
            return twin
    return None


def saves_for_backward(op: Optional[str]) -> bool:
    """Does ``op``'s backward hold saved tensors (so its graph can be run only once)?"""
    return op is not None and op in _SAVES_ANYTHING
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

"""The shape of TensorLens's torch knowledge: one record per torch (or NumPy) API.

Every lookup the engine makes (is this method a view? does this function mix
devices? what does this op save for backward?) is derived from these records
in :mod:`tensorlens.analysis.torch_api`; nothing else in the engine or the rules
lists torch names. tests/analysis/test_torch_api.py checks that every record
names an API that exists in the pinned torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, Flag, auto
from typing import Optional


class Saved(Flag):
    """What an op's backward reads, so what an in-place change before backward() breaks (torch 2.13)."""

    NOTHING = 0
    OUTPUT = auto()  # its result (sigmoid, exp, softmax...)
    FIRST_INPUT = auto()  # its first input, whenever the result requires grad (log, sin, pow...)
    EACH_OTHER = auto()  # each of two operands when the other requires grad (mul, matmul...)
    DIVISION = auto()  # the denominator always, the numerator when the denominator requires grad
    ALL_INPUTS = auto()  # every tensor input (convolutions, most losses)
    OTHER = auto()  # indices, masks or statistics: the graph cannot run twice either way


class Activation(Enum):
    """An output activation whose result a loss may apply again (activation-before-loss)."""

    SOFTMAX = "softmax"  # rows of probabilities
    LOG_SOFTMAX = "log_softmax"  # rows of log-probabilities
    SIGMOID = "sigmoid"  # independent probabilities


class LossInput(Enum):
    """What a classification loss expects as its first argument (PyTorch's documentation of each loss)."""

    LOGITS = "logits"  # raw scores: it applies log_softmax itself (cross_entropy)
    BINARY_LOGITS = "binary logits"  # raw scores: it applies sigmoid itself (binary_cross_entropy_with_logits)
    LOG_PROBABILITIES = "log-probabilities"  # the output of log_softmax (nll_loss)
    PROBABILITIES = "probabilities"  # values in [0, 1] (binary_cross_entropy)


class Rank(Enum):
    """What a view does to the number of dimensions."""

    ANY = "any"
    KEEPS = "keeps"  # the receiver's rank (transpose, permute...)
    VECTOR = "vector"  # at least one dimension (unsqueeze, unflatten...)


class Result(Enum):
    """What kind of object an API returns."""

    TENSOR = "tensor"
    INT = "int"  # a Python int (``x.dim()``, ``x.numel()``)
    PLAIN = "plain"  # Python data or metadata, never a tensor (``x.item()``, ``x.tolist()``)
    METADATA = "metadata"  # an attribute describing the tensor (``x.shape``, ``x.dtype``)


class ValuesIndices(Enum):
    """Ops returning a ``(values, indices)`` pair: values keep the input's history, indices never require grad."""

    ALWAYS = "always"  # sort, topk, kthvalue...
    WITH_DIM = "with_dim"  # max/min/median with a ``dim`` (without one: a single tensor)


@dataclass(frozen=True)
class TensorApi:
    """A torch API that takes or returns tensors: a ``torch.Tensor`` method or attribute, or a function.

    ``qualified`` is its full name (``torch.Tensor.add``, ``torch.cat``,
    ``torch.nn.functional.relu``). The flags say what the engine may rely on.
    """

    qualified: str
    is_attribute: bool = False  # a property (``x.T``), not a method
    history: bool = False  # returns a tensor on its input's device that carries the input's autograd history
    elementwise: bool = False  # the result has the operands' broadcast shape
    view: bool = False  # shares the receiver's storage and version counter
    rank: Rank = Rank.ANY
    maybe_identity: bool = False  # returns the receiver itself when it already has that dtype/layout
    reduction: bool = False  # 0-dim without a ``dim`` argument
    mixes: bool = False  # its tensor arguments must be on one device
    cross_device_ok: bool = False  # mixes, yet copies or reads only metadata across devices (copy_, type_as)
    integral_result: bool = False  # an integer or bool result: never requires grad
    values_indices: Optional[ValuesIndices] = None
    moves_device: bool = False  # .to()/.cuda()/.cpu(): a copy on another device
    converts_dtype: bool = False  # .float()/.long()...: a copy with another dtype
    takes_sequence: bool = False  # its tensors come in one list argument (cat, stack)
    saves: Saved = Saved.NOTHING
    not_data_write: bool = False  # ends in "_" (PyTorch's in-place convention) but writes no data
    result: Result = Result.TENSOR
    device_test: bool = False  # an attribute a branch reads to handle each device (``if x.is_cuda:``)
    out_of_place_twin: Optional[str] = None  # ``add`` for ``add_``: the same op without the write
    activation: Optional[Activation] = None  # its result is that activation of its input
    rearranges: bool = False  # its result holds its one input's values, only reshaped (reshape, flatten)
    loss_input: Optional[LossInput] = None  # a loss: what its first argument must be
    # The position of its ``inplace`` parameter (``F.relu(x, inplace=True)`` writes ``x`` and returns it).
    inplace_at: Optional[int] = None

    @property
    def name(self) -> str:
        """The last part of the name: ``add`` for ``torch.Tensor.add`` and ``torch.add``."""
        return self.qualified.rsplit(".", 1)[-1]

    @property
    def is_method(self) -> bool:
        """A ``torch.Tensor`` method or attribute (called or read on a tensor)."""
        return self.qualified.startswith("torch.Tensor.")


class ModuleRole(Enum):
    """What an ``nn`` module class is, for device and autograd facts."""

    LAYER = "layer"  # holds parameters or buffers
    PARAMETERLESS = "parameterless"  # runs on whatever device its input is on
    CONTAINER = "container"  # lives where its children live (Sequential, ModuleList, ModuleDict)


@dataclass(frozen=True)
class ModuleApi:
    """An ``nn`` module class (``torch.nn.Linear``) and what its call does."""

    name: str  # the class name under torch.nn
    role: ModuleRole = ModuleRole.LAYER
    saves: Saved = Saved.NOTHING  # what a call saves for backward: OUTPUT, ALL_INPUTS (its input) or OTHER
    tensor_keywords: tuple[str, ...] = ()  # constructor keywords through which it holds a tensor (a loss's weight=)
    activation: Optional[Activation] = None  # its call returns that activation of its input (nn.Softmax)
    mode_dependent: bool = False  # computes differently in train() and eval() mode (Dropout, BatchNorm)
    loss_input: Optional[LossInput] = None  # a loss: what its first argument must be
    # The position of its constructor's ``inplace`` parameter: ``nn.ReLU(inplace=True)`` writes its input.
    inplace_at: Optional[int] = None

    @property
    def qualified(self) -> str:
        """``torch.nn.<name>``."""
        return f"torch.nn.{self.name}"


class FactoryKind(Enum):
    """How a tensor factory's arguments decide its result's dimensions."""

    SIZED = "sized"  # the size comes first: 0-dim exactly when it is empty (zeros, ones, randn...)
    DATA = "data"  # from data: ``torch.tensor(0.5)`` is 0-dim, ``torch.tensor([0.5])`` is not
    VECTOR = "vector"  # always at least one dimension (arange, linspace, eye...)
    OTHER = "other"  # dimensions not modeled (randint, normal, sparse_coo_tensor...)
    LIKE = "like"  # ``*_like``: the input's device and shape


@dataclass(frozen=True)
class FactoryApi:
    """A function making a new tensor, on the default device unless told ``device=``."""

    qualified: str
    kind: FactoryKind = FactoryKind.OTHER
    cpu_only: bool = False  # a legacy constructor that takes no ``device=`` (``torch.FloatTensor``)
    shares_memory: bool = False  # may share its argument's memory (``torch.as_tensor`` of an array)


class NumpyEffect(Enum):
    """What a NumPy (or torch <-> NumPy) call does to memory."""

    SHARES_TO_TENSOR = "shares to tensor"  # a tensor sharing the array's memory (torch.from_numpy)
    SHARES_TO_ARRAY = "shares to array"  # an array sharing the tensor's memory (np.asarray)
    COPIES_TO_ARRAY = "copies to array"  # a new array (np.array, np.copy)
    CREATES_ARRAY = "creates array"  # a new array from sizes or other arrays (np.zeros, np.stack)
    WRITES = "writes"  # writes into its first argument (np.copyto, np.random.shuffle)
    READS = "reads"  # reads array-likes and returns no array (matplotlib's plot, imshow...)


@dataclass(frozen=True)
class NumpyApi:
    """A NumPy function, or a torch function crossing into NumPy, by its effect on memory."""

    qualified: str  # numpy.asarray, torch.from_numpy
    effect: NumpyEffect
    # It turns tensors among its first argument (a tensor, or a list of them) into arrays with ``__array__``,
    # which raises for a tensor on a GPU or one that requires grad.
    converts_tensors: bool = False


class GradMode(Enum):
    """What a context manager or decorator does to autograd recording."""

    OFF = "off"  # no_grad, inference_mode
    ON = "on"  # enable_grad
    BY_ARGUMENT = "by argument"  # set_grad_enabled(flag)


@dataclass(frozen=True)
class GradModeApi:
    """A torch API that switches autograd recording on or off."""

    qualified: str
    mode: GradMode


@dataclass(frozen=True)
class BackwardApi:
    """A call that runs backward and frees the graph's saved tensors unless told to keep them."""

    name: str  # a Tensor method name (``backward``) or a qualified function (``torch.autograd.grad``)
    retain_graph_at: int  # the position of retain_graph among its arguments
    create_graph_at: int  # likewise create_graph


class Role(Enum):
    """What a torch API is to the engine, where one word says all it needs to know."""

    MODULE_BASE = "module base"  # a class user modules subclass (torch.nn.Module, LightningModule)
    PARAMETER = "parameter"  # makes a leaf that requires grad and registers on a module (nn.Parameter)
    MODULE_IN_PLACE_METHOD = "module in-place method"  # changes the module in place and returns it (Module.to)
    PARAMETER_ITERATOR = "parameter iterator"  # Module.parameters()
    NAMED_PARAMETER_ITERATOR = "named parameter iterator"  # Module.named_parameters()
    DATA_LOADER = "data loader"
    TENSOR_DATASET = "tensor dataset"  # yields its tensors' items
    DATASET_WRAPPER = "dataset wrapper"  # yields what the wrapped dataset yields (Subset, random_split)
    DEVICE_CONSTRUCTOR = "device constructor"  # torch.device(...)
    DEFAULT_DEVICE_SETTER = "default device setter"  # torch.set_default_device(...)
    ACCELERATOR_PROBE = "accelerator probe"  # torch.cuda.is_available(): ``detail`` names the accelerator
    INTEGRAL_DTYPE = "integral dtype"  # a dtype whose tensors cannot require grad (torch.long)
    BACKWARD_METHOD = "backward method"  # runs backward in a training loop (Tensor.backward, manual_backward)
    GRAD_CLEARING_METHOD = "grad clearing method"  # Optimizer.zero_grad / Module.zero_grad
    OPTIMIZER_STEP = "optimizer step"  # Optimizer.step
    HISTORY_DROPPING_WRAPPER = "history-dropping wrapper"  # a new leaf holding its argument's data (Variable)


@dataclass(frozen=True)
class NamedApi:
    """A torch API known by its role alone."""

    qualified: str
    role: Role
    detail: Optional[str] = None  # the accelerator an ACCELERATOR_PROBE asks about

    @property
    def name(self) -> str:
        """The last part of the name."""
        return self.qualified.rsplit(".", 1)[-1]

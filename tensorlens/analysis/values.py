"""The lattice of facts the engine knows about a value.

Every fact remembers the syntax node it was learned from, so a message can
say where ("moved at line 14"). Facts join at control-flow merges: two
different facts become UNKNOWN, and an unknown fact never produces a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from tensorlens.analysis.shapes import Dim, Shape, Symbol, join_dim, join_shape
from tensorlens.analysis.torch_api.records import Activation

if TYPE_CHECKING:
    from tensorlens.analysis.layers import Layer


class Tri(Enum):
    """A three-valued boolean: known yes, known no, or unknown."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    def join(self, other: Tri) -> Tri:
        return self if self is other else Tri.UNKNOWN

    @staticmethod
    def of(flag: Optional[bool]) -> Tri:
        if flag is None:
            return Tri.UNKNOWN
        return Tri.YES if flag else Tri.NO

    def __or__(self, other: Tri) -> Tri:
        """Logical or: YES wins, NO needs both."""
        if Tri.YES in (self, other):
            return Tri.YES
        if self is Tri.NO and other is Tri.NO:
            return Tri.NO
        return Tri.UNKNOWN


class Kind(Enum):
    """What sort of object an abstract value stands for."""

    TENSOR = "tensor"
    MODULE = "module"
    OPTIMIZER = "optimizer"
    SCHEDULER = "lr scheduler"  # steps a schedule of learning rates; ``source`` is its optimizer when known
    NDARRAY = "numpy array"
    DEVICE = "device"
    PARAMETERS = "parameter iterator"
    SEQUENCE = "sequence"
    MAPPING = "mapping"
    CLASS = "class"
    DATASET = "dataset"  # yields CPU tensors (torchvision datasets, TensorDataset of CPU tensors)
    FUNCTION = "function"  # defined in this file; ``qualified`` keys its definition
    API = "api reference"  # an imported module, function or class, by qualified name
    NAMESPACE = "project module"  # a module of the project itself (``import data as D``): ``qualified`` names it
    SCALAR = "number"
    NONE = "None"
    OTHER = "object"
    UNKNOWN = "unknown"


# Device kinds PyTorch knows; any of them other than cpu is an "accelerator" here.
KNOWN_DEVICE_TYPES = frozenset(
    {"cpu", "cuda", "mps", "meta", "xpu", "xla", "hpu", "npu", "ipu", "privateuseone", "mtia"}
)


@dataclass(frozen=True)
class Device:
    """Where a tensor or module lives.

    ``kind`` is a concrete device type (``cpu``, ``cuda``, ``meta``...),
    ``"symbolic"`` for a value chosen at run time that the engine can still
    name (``device = "cuda" if torch.cuda.is_available() else "cpu"``), or
    ``"module"`` for "wherever the enclosing module was moved" inside methods.
    """

    kind: str
    index: Optional[int] = None
    symbol: Optional[str] = None
    # A symbolic device whose accelerator branch is known, e.g. "cuda".
    accelerator: Optional[str] = None

    @property
    def is_concrete(self) -> bool:
        return self.kind in KNOWN_DEVICE_TYPES

    def __str__(self) -> str:
        if self.kind == "symbolic":
            if self.accelerator and self.symbol is None:
                return f"{self.accelerator} when available"
            if self.accelerator:
                return f"`{self.symbol}` ({self.accelerator} when available)"
            return f"`{self.symbol}`"
        if self.kind == "module":
            return "the module's device"
        return self.kind if self.index is None else f"{self.kind}:{self.index}"

    def certainly_differs(self, other: Device) -> bool:
        """True when tensors on these two devices can never meet in one op."""
        if self.is_concrete and other.is_concrete:
            if self.kind != other.kind:
                return True
            return self.index is not None and other.index is not None and self.index != other.index
        # A "cuda if available else cpu" device meets a CPU tensor: on every machine
        # with the accelerator (the machines the code is written for) the op fails.
        for a, b in ((self, other), (other, self)):
            if a.kind == "symbolic" and a.accelerator and b.kind == "cpu":
                return True
        return False

    @staticmethod
    def parse(text: str) -> Optional[Device]:
        """``"cuda:1"`` -> Device("cuda", 1); ``None`` for a string that is not a device."""
        kind, _, index = text.strip().partition(":")
        if kind not in KNOWN_DEVICE_TYPES:
            return None
        if index:
            if not index.isdigit():
                return None
            return Device(kind, int(index))
        return Device(kind)


CPU = Device("cpu")


@dataclass(frozen=True)
class Origin:
    """Where a fact was learned: the node and a verb for messages ("created", "moved")."""

    node: cst.CSTNode
    how: str
    # A factory that took the default device inside a module's forward(): the tensor stays there when the
    # module moves (TL204 reports it at the factory).
    default_device_in_forward: bool = False


@dataclass(frozen=True)
class Located:
    """A fact with the place it was learned (``origin`` may be None for defaults)."""

    value: object
    origin: Optional[Origin] = None

    def join(self, other: Located) -> Located:
        if self.value == other.value:
            return self if self.origin is not None else other
        return UNKNOWN_FACT


UNKNOWN_FACT = Located(None)


@dataclass(frozen=True)
class AliasGroup:
    """Memory shared by a tensor and a numpy array, made at ``origin``."""

    ident: int
    origin: cst.CSTNode
    description: str  # e.g. "torch.from_numpy(a)"


@dataclass(frozen=True)
class ViewBase:
    """The tensor a view was taken from (for "view of a leaf" findings)."""

    text: str
    value: AbstractValue
    origin: cst.CSTNode


@dataclass(frozen=True)
class GraphNode:
    """A node of the autograd graph that holds tensors saved for backward: the op at ``node``.

    Identified by its syntax node: evaluating the op again makes a new runtime
    node, which replaces the old one in the state's ``freed``/``modified`` facts.
    """

    node: cst.CSTNode = field(repr=False)
    op: str = ""  # for messages: "torch.sigmoid", "*", "lin(...)"
    order: int = field(default=0, compare=False)  # creation order, for choosing what to name


@dataclass(frozen=True)
class SavedFor:
    """The tensor's current version is saved by ``by`` for backward, as its ``role`` ("output" or "input")."""

    by: GraphNode
    role: str


@dataclass(frozen=True)
class Activated:
    """The tensor is the output of ``activation`` applied at ``node`` (``label`` names it for messages:
    ``F.softmax``, ``nn.Softmax``, ``.sigmoid()``). Views and dtype or device copies keep the fact; any other
    op (``torch.log``, arithmetic) ends it."""

    activation: Activation
    node: cst.CSTNode
    label: str = ""


@dataclass(frozen=True)
class Detached:
    """Data read out of a tensor that tracked autograd history, without that history: ``loss.item()``,
    ``out.detach()``, ``out.data``, ``.numpy()``, ``torch.tensor([losses])`` (``read``: where, ``text``: its
    source). ``rebuilt``: the call that then made a new leaf requiring grad of it (``torch.tensor(...,
    requires_grad=True)``, ``Variable(..., requires_grad=True)``, ``.requires_grad_()``), whose backward() reaches
    nothing the history led to."""

    read: cst.CSTNode = field(repr=False)
    text: str
    rebuilt: Optional[cst.CSTNode] = field(default=None, repr=False)


@dataclass(frozen=True)
class CallSaves:
    """What calling a module saves for backward when its class alone does not say (an ``nn.Sequential``:
    its first layer's saves of the input, its last layer's of the output)."""

    anything: bool
    input: bool
    output: bool


@dataclass(frozen=True)
class AbstractValue:
    """Everything the engine knows about one runtime object.

    ``device`` and ``requires_grad`` are :class:`Located` facts; ``None`` in
    their ``value`` means unknown. ``elements`` holds tuple/list items or
    string-keyed dict items when cheap; ``class_name`` names a user-defined
    ``nn.Module`` subclass whose attributes the engine modeled.
    """

    kind: Kind = Kind.UNKNOWN
    device: Located = UNKNOWN_FACT
    requires_grad: Located = UNKNOWN_FACT
    is_leaf: Tri = Tri.UNKNOWN
    has_grad_fn: Tri = Tri.UNKNOWN
    is_scalar: Tri = Tri.UNKNOWN  # a 0-dim tensor
    aliases: frozenset[AliasGroup] = frozenset()
    view_of: Optional[ViewBase] = None
    origin: Optional[Origin] = None
    class_name: Optional[str] = None
    elements: Optional[tuple[AbstractValue, ...]] = None
    items: Optional[tuple[tuple[str, AbstractValue], ...]] = None
    # For DEVICE values: the device they denote. For PARAMETERS: the module they came from.
    denotes: Optional[Device] = None
    is_parameter: bool = False
    # For API references: the qualified name (``torch.nn.Linear``).
    qualified: Optional[str] = None
    # For PARAMETERS iterators: the module they iterate; for a symbolic device: its name.
    source: Optional[AbstractValue] = None
    # For user classes (kind CLASS) and module instances: does it subclass nn.Module?
    has_parameters: Tri = Tri.UNKNOWN
    # Autograd: graph nodes holding saved tensors that backward from this tensor certainly
    # runs through; what saved this very tensor; whether ``retain_grad()`` was called on it.
    graph: frozenset[GraphNode] = frozenset()
    saved_for: frozenset[SavedFor] = frozenset()
    retains_grad: bool = False
    # Read through ``.data`` from a tensor autograd tracks: the same memory, but writes through it are
    # invisible to autograd (no version bump, no leaf check). Views of it keep the fact; copies do not.
    data_of: Optional[ViewBase] = None
    # For tensors: the output activation it certainly is (softmax probabilities...). For modules: the
    # activation their call returns (``nn.Softmax()``, an ``nn.Sequential`` ending in one).
    activated: Optional[Activated] = None
    # For containers of modules (nn.Sequential): what their call saves for backward, from their layers.
    call_saves: Optional[CallSaves] = None
    # For containers of modules (nn.Sequential, nn.ModuleList): what any one child is (the join of them all),
    # when known; ``elements`` holds the children in order when the engine saw each one added.
    any_child: Optional[AbstractValue] = None
    # Tensors, arrays and numbers holding a history-carrying tensor's data without its history.
    detached: frozenset[Detached] = frozenset()
    # For modules: "train" or "eval" (where it was set: modules are created in training mode), and whether it
    # holds layers that compute differently in the two modes (Dropout, BatchNorm).
    mode: Located = UNKNOWN_FACT
    mode_dependent: Tri = Tri.UNKNOWN
    # Shapes (see shapes.py): a tensor's dimensions; the size a Python int holds (a literal or a symbol; an
    # unknown object may carry one too: a parameter of a module's ``__init__``; a TensorDataset: its length);
    # what an ``nn`` layer's literal constructor arguments say it does to shapes; the sizes a module class of
    # this file was constructed with, by the symbol its ``__init__`` parameter stands for.
    shape: Optional[Shape] = None
    integer: Optional[Dim] = None
    layer: Optional[Layer] = None
    constructor_sizes: tuple[tuple[Symbol, Dim], ...] = ()
    # A string or bool the code spelt as a literal (``'relu'``, ``True``): branch tests on it are decided. For
    # module instances: such literals their ``__init__`` parameters were given (or default to), by symbol.
    literal: Optional[str | bool] = None
    constructor_literals: tuple[tuple[Symbol, str | bool], ...] = ()
    # For instances of this project's classes whose ``__init__`` was walked with the call's arguments: what it left
    # in each attribute, by name (see instances.py).
    own_attributes: Optional[tuple[tuple[str, AbstractValue], ...]] = None

    @property
    def known_device(self) -> Optional[Device]:
        return self.device.value if isinstance(self.device.value, Device) else None

    @property
    def requires_grad_tri(self) -> Tri:
        flag = self.requires_grad.value
        return Tri.of(flag) if isinstance(flag, bool) else Tri.UNKNOWN

    def but(self, **changes: Any) -> AbstractValue:
        """A copy with some facts changed."""
        return replace(self, **changes)

    def join(self, other: AbstractValue) -> AbstractValue:
        """The facts that hold on both paths."""
        if self is other or self == other:
            return self
        if self.kind is not other.kind:
            return UNKNOWN
        integer = join_dim(self.integer, other.integer)
        if self.kind is Kind.UNKNOWN and integer is None:
            return UNKNOWN
        elements = None
        if self.elements is not None and other.elements is not None and len(self.elements) == len(other.elements):
            elements = tuple(a.join(b) for a, b in zip(self.elements, other.elements))
        if self.kind is Kind.SEQUENCE and (self.elements == () or other.elements == ()) and elements is None:
            # An empty list joined with a list of things is a list of those things (``items = []`` before a loop
            # that appends).
            fuller = other if self.elements == () else self
            return AbstractValue(kind=Kind.SEQUENCE, source=fuller.source)
        return AbstractValue(
            kind=self.kind,
            device=self.device.join(other.device),
            requires_grad=self.requires_grad.join(other.requires_grad),
            is_leaf=self.is_leaf.join(other.is_leaf),
            has_grad_fn=self.has_grad_fn.join(other.has_grad_fn),
            is_scalar=self.is_scalar.join(other.is_scalar),
            aliases=self.aliases & other.aliases,
            view_of=self.view_of if self.view_of == other.view_of else None,
            origin=self.origin if self.origin == other.origin else None,
            class_name=self.class_name if self.class_name == other.class_name else None,
            elements=elements,
            items=_join_items(self, other),
            denotes=self.denotes if self.denotes == other.denotes else None,
            is_parameter=self.is_parameter and other.is_parameter,
            qualified=self.qualified if self.qualified == other.qualified else None,
            source=self.source if self.source == other.source else None,
            has_parameters=self.has_parameters.join(other.has_parameters),
            graph=self.graph & other.graph,
            saved_for=self.saved_for & other.saved_for,
            retains_grad=self.retains_grad or other.retains_grad,
            data_of=self.data_of if self.data_of == other.data_of else None,
            activated=self.activated if self.activated == other.activated else None,
            call_saves=self.call_saves if self.call_saves == other.call_saves else None,
            any_child=_join_children(self, other),
            detached=self.detached & other.detached,
            mode=self.mode.join(other.mode),
            mode_dependent=self.mode_dependent.join(other.mode_dependent),
            shape=join_shape(self.shape, other.shape),
            integer=integer,
            layer=self.layer if self.layer == other.layer else None,
            constructor_sizes=self.constructor_sizes if self.constructor_sizes == other.constructor_sizes else (),
            literal=self.literal if _same_literal(self.literal, other.literal) else None,
            constructor_literals=self.constructor_literals
            if self.constructor_literals == other.constructor_literals else (),
            own_attributes=self.own_attributes if self.own_attributes == other.own_attributes else None,
        )


Items = Optional[tuple[tuple[str, "AbstractValue"], ...]]


def _join_items(one: AbstractValue, other: AbstractValue) -> Items:
    """The items a dict holds on both ways, by key (``config['epoch'] = epoch`` in a loop adds one the way in
    lacks; the others still hold). An empty dict (``self.cache = {}`` before a method fills it) adds nothing,
    as a read of a key that succeeds reads the fuller one."""
    mine, theirs = one.items, other.items
    if mine == theirs:
        return mine
    if one.kind is Kind.MAPPING and (mine == () or theirs == ()):
        return theirs if mine == () else mine
    if mine is None or theirs is None:
        return None
    by_key = dict(theirs)
    joined = tuple((key, value.join(by_key[key])) for key, value in mine if key in by_key)
    return tuple((key, value) for key, value in joined if value is not UNKNOWN)


def _same_literal(one: Optional[str | bool], other: Optional[str | bool]) -> bool:
    """Equal and of one type (``True == 1`` in Python, but a bool is never a string's match)."""
    return one is not None and type(one) is type(other) and one == other


def _join_children(one: AbstractValue, other: AbstractValue) -> Optional[AbstractValue]:
    """What any child of a module container is, on either way: an empty one (``nn.ModuleList()`` before a loop
    that appends) adds nothing."""
    if one.any_child is not None and other.any_child is not None:
        return one.any_child.join(other.any_child)
    if one.elements == ():
        return other.any_child
    return one.any_child if other.elements == () else None


UNKNOWN = AbstractValue()
OTHER = AbstractValue(kind=Kind.OTHER)
NONE = AbstractValue(kind=Kind.NONE)
SCALAR = AbstractValue(kind=Kind.SCALAR)


def tensor(
    origin: Optional[Origin],
    device: Located = UNKNOWN_FACT,
    requires_grad: Located = UNKNOWN_FACT,
    *,
    is_leaf: Tri = Tri.UNKNOWN,
    has_grad_fn: Tri = Tri.UNKNOWN,
    is_scalar: Tri = Tri.UNKNOWN,
    aliases: frozenset[AliasGroup] = frozenset(),
    view_of: Optional[ViewBase] = None,
    is_parameter: bool = False,
    graph: frozenset[GraphNode] = frozenset(),
    saved_for: frozenset[SavedFor] = frozenset(),
    data_of: Optional[ViewBase] = None,
    activated: Optional[Activated] = None,
    detached: frozenset[Detached] = frozenset(),
) -> AbstractValue:
    """A tensor value; the common constructor for the interpreter and the API table."""
    return AbstractValue(
        kind=Kind.TENSOR,
        device=device,
        requires_grad=requires_grad,
        is_leaf=is_leaf,
        has_grad_fn=has_grad_fn,
        is_scalar=is_scalar,
        aliases=aliases,
        view_of=view_of,
        origin=origin,
        is_parameter=is_parameter,
        graph=graph,
        saved_for=saved_for,
        data_of=data_of,
        activated=activated,
        detached=detached,
    )


def api(qualified: str) -> AbstractValue:
    """A reference to an imported module, function or class."""
    return AbstractValue(kind=Kind.API, qualified=qualified)

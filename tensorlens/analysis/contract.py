"""The interpreter's internal contract: the state its parts share and the operations they offer each other.

The interpreter is built from parts with one job each (statements,
assignments, definitions, expressions, attribute access, operators, calls,
API calls, methods, module calls, autograd, summaries). A part reaches
another only through :class:`Engine`: every part subclasses it, so mypy checks
each ``self.x`` a part uses against this one declaration, and
:class:`~tensorlens.analysis.interpreter.Interpreter`, which is all the parts
together, implements every operation. An operation a part keeps to itself is
not listed here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Optional

import libcst as cst

from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.events import Call, Event, Operand
from tensorlens.analysis.state import SavedWrite, State
from tensorlens.analysis.values import UNKNOWN, AbstractValue, AliasGroup, Device, GraphNode, SavedFor, Tri

if TYPE_CHECKING:
    from tensorlens.analysis.imports import ImportResolver, ModuleSummary
    from tensorlens.analysis.layers import Layer
    from tensorlens.analysis.memo import FunctionMemo, Recording, TrackedClasses
    from tensorlens.analysis.shapes import Dim, Shape
    from tensorlens.analysis.torch_api.array_shapes import ArrayShapeApi
    from tensorlens.analysis.torch_api.shapes import LossContract, ModuleRunner

SummaryKey = tuple[cst.FunctionDef, Hashable]
"""A function summary's key: the definition and its context (where the receiver lives, or what a call passes)."""

DeferredFunction = tuple[cst.FunctionDef, State, Optional[ClassModel], dict[str, AbstractValue]]
"""A function body to walk once its enclosing scope ends: definition, enclosing state, class, defaults."""


EVERY_MODULE = "*"
"""In ``parameters_frozen``: a freeze whose module the engine cannot tell, so any module's."""


def module_key(module: Optional[AbstractValue]) -> Optional[Hashable]:
    """What identifies a module for freezing: where it was created, else its class of this file."""
    if module is None:
        return None
    if module.origin is not None:
        return module.origin.node
    return module.class_name


@dataclass
class FunctionContext:
    """What the engine knows about the function whose body it is walking."""

    name: str
    class_model: Optional[ClassModel] = None
    parameters: tuple[str, ...] = ()
    input_name: Optional[str] = None  # forward()'s input parameter
    node: Optional[cst.FunctionDef] = None  # the definition being walked
    scope: Optional[State] = None  # the module's names as the walk of the outermost function began

    @property
    def is_forward(self) -> bool:
        """Is this an ``nn.Module`` subclass's ``forward``?"""
        return self.name == "forward" and self.class_model is not None and self.class_model.is_module


@dataclass
class LoopFrame:
    """Bookkeeping for the innermost loop: break/continue states and calls seen."""

    node: cst.For | cst.While
    breaks: list[Optional[State]] = field(default_factory=list)
    continues: list[Optional[State]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    clears_grads: bool = False  # ``p.grad = ...`` seen (calls that clear are found among ``calls``)
    may_clear_grads: bool = False  # a function of this file that mentions grads was called


@dataclass(frozen=True)
class CallSummary:
    """What a call of a function of this file returns and does, in one context."""

    result: AbstractValue
    calls: tuple[Call, ...] = ()  # the calls its body makes (a training loop's zero_grad, backward, step)
    emitted: bool = False  # its body's events reached the rules (a walk in a fixed-point pass does not)
    clears_grads: bool = False  # it writes some ``.grad`` (``p.grad = None``)
    # Autograd effects that outlive the call: saved tensors it changed in place (on some path out) and graph
    # nodes a backward() in it freed (on every path out); the caller's later backward() meets them.
    modified: tuple[tuple[GraphNode, SavedWrite], ...] = ()
    freed: tuple[tuple[GraphNode, cst.CSTNode], ...] = ()
    # A method's ``self`` as it leaves (joined over the ways out): ``self.to(device)`` inside moves the caller's.
    receiver_exit: Optional[AbstractValue] = None
    # Containers the caller passed in that the body grew (``layers.append(m)`` on a parameter it never rebinds), as
    # they leave, by parameter name: the caller's list is the same object.
    grown_arguments: tuple[tuple[str, AbstractValue], ...] = ()
    # A followed ``__init__``: what it left in each attribute of ``self`` (on every way out), by name.
    receiver_attributes: tuple[tuple[str, AbstractValue], ...] = ()
    # The instances (by creating node) its body may have run code on; ``uses_any``: it may have reached any (a
    # body not walked), so the caller's fresh instances are all used (see instances.py).
    used_instances: frozenset[int] = frozenset()
    uses_any: bool = True


@dataclass
class Capture:
    """What a followed callee's body does that its caller's loops need: its calls, and whether it clears grads;
    and the autograd effects on its ways out (see :class:`CallSummary`)."""

    calls: list[Call] = field(default_factory=list)
    clears_grads: bool = False
    modified: dict[GraphNode, SavedWrite] = field(default_factory=dict)
    freed: Optional[dict[GraphNode, cst.CSTNode]] = None  # None until a way out is seen
    receiver: Optional[str] = None  # the name of a followed method's ``self``
    receiver_exit: Optional[AbstractValue] = None
    used_instances: set[int] = field(default_factory=set)
    uses_any: bool = False
    # The containers passed in, by parameter, as they came (see CallSummary.grown_arguments), and as they leave.
    containers_in: dict[str, AbstractValue] = field(default_factory=dict)
    containers_out: dict[str, AbstractValue] = field(default_factory=dict)
    attributes_of: Optional[str] = None  # a followed ``__init__``'s ``self``: its attributes are kept as it leaves
    attributes: Optional[dict[str, AbstractValue]] = None

    def leave(self, state: State) -> None:
        """A way out of the callee (a return, or the end of its body) with ``state``."""
        for graph_node, write in state.modified.items():
            self.modified.setdefault(graph_node, write)
        if self.receiver is not None:
            leaving = state.get(self.receiver) or UNKNOWN
            self.receiver_exit = leaving if self.receiver_exit is None else self.receiver_exit.join(leaving)
        if self.attributes_of is not None:
            self._keep_attributes(state, self.attributes_of + ".")
        for name in self.containers_in:
            leaving = state.get(name) or UNKNOWN
            known = self.containers_out.get(name)
            self.containers_out[name] = leaving if known is None else known.join(leaving)
        if self.freed is None:
            self.freed = dict(state.freed)
        else:
            self.freed = {node: call for node, call in self.freed.items() if node in state.freed}


    def _keep_attributes(self, state: State, prefix: str) -> None:
        leaving = {path[len(prefix):]: value for path, value in state.values.items()
                   if path.startswith(prefix) and path[len(prefix):].isidentifier()}
        if self.attributes is None:
            self.attributes = leaving
            return
        joined = {name: value.join(leaving[name]) for name, value in self.attributes.items() if name in leaving}
        self.attributes = {name: value for name, value in joined.items() if value is not UNKNOWN}


@dataclass
class RecordedFact:
    """A value the engine computed for an expression, kept for hovers."""

    node: cst.CSTNode
    text: str
    value: AbstractValue


class Engine(ABC):
    """What every part of the interpreter may use of the others.

    An abstract class rather than a :class:`typing.Protocol`: the parts assign
    the shared state (``self.state = ...``), which mypy only types through a
    declaring base class, and instantiating an interpreter that lacks an
    operation fails at once.
    """

    # --- the walk's state ------------------------------------------------------------------
    module: cst.Module
    state: Optional[State]  # None once the current path is unreachable
    module_state: State  # the module's top level as it ended (summaries start from it)
    muted: int  # above 0 during fixed-point passes: events are not emitted
    statement: Optional[cst.CSTNode]  # the statement being executed (fixes rewrite whole statements)
    function: Optional[FunctionContext]
    loops: list[LoopFrame]
    deferred: list[DeferredFunction]
    classes: TrackedClasses
    # By a name a module-level class's methods call before it is bound (a class defined further down): the keys
    # of those classes, rebuilt once the name is defined.
    classes_waiting: dict[str, list[str]]
    names_unbound: Optional[set[str]]  # while a module-level class's methods are walked: the names read unbound
    star_modules: list[str]  # the project modules the file star-imports at its top level, in order
    function_definitions: dict[int, cst.FunctionDef]
    # By id of a FunctionDef nested in another: the id of the one it is defined in (whose locals it reads).
    defined_in: dict[int, int]
    # By id of a FunctionDef whose walk waits on a call it made: its state at that call.
    suspended_states: dict[int, State]
    analyzed_functions: set[int]  # by id of a FunctionDef whose body was walked with events on
    # Modules whose parameters the file turns requires_grad off on (fine-tuning, freezing), by
    # :func:`module_key`; EVERY_MODULE when it cannot tell which.
    parameters_frozen: frozenset[Hashable]
    collecting_attributes: bool  # a class's methods are walked for the attributes they set on ``self``
    may_freeze: bool  # the source (or a module it imports) turns requires_grad off somewhere
    # --- function summaries ------------------------------------------------------------------
    summaries: dict[SummaryKey, CallSummary]
    summarizing: set[int]
    constructing: int  # ``Cls(...)`` calls whose ``__init__`` is being walked with their arguments
    assigned_after_init: dict[str, frozenset[str]]  # by class name: see InstanceStates.instance_attribute
    entering_fresh: Optional[int]  # the instance a method walk about to start runs on, when it is fresh
    contexts_followed: dict[int, set[Hashable]]  # by id of a FunctionDef: the contexts its calls were followed in
    followed_calls: set[int]  # ids of the call nodes followed into their callee
    capturing: Optional[Capture]  # what a followed callee's body does, gathered while it is walked
    # By id of a FunctionDef, by id of the function (0: the module's level) whose walk calls it: the grad mode
    # at those calls, joined. Walks in a caller's context do not count (the caller's own walk does).
    call_site_grad: dict[int, dict[int, Tri]]
    may_rebind_globals: bool  # False when the source says ``global`` nowhere
    # --- the project's other modules ---------------------------------------------------------
    resolver: Optional[ImportResolver]  # None: a file on its own, its imports unknown
    module_name: Optional[str]  # this file's dotted name in the project (None: a file on its own)
    is_package: bool  # this file is a package's ``__init__.py``
    imported: dict[str, ModuleSummary]  # the project modules adopted, by name
    foreign_functions: dict[int, ModuleSummary]  # by id of a FunctionDef of another module: its module
    globals_declared: dict[int, frozenset[str]]  # by id of a FunctionDef: the names it declares ``global``
    returns: Optional[list[AbstractValue]]
    falls_off_end: Optional[bool]
    may_yield: bool
    generators: dict[int, bool]
    mentions_grad: dict[int, bool]
    outside_writes: dict[int, frozenset[str]]  # by id of a cst.Module: attributes it sets on objects not ``self``
    # --- an editor's memo of the previous analysis ---------------------------------------------
    memo: Optional[FunctionMemo]
    recording: Optional[Recording]
    # --- shapes ------------------------------------------------------------------------------------
    raised: bool  # the statement being executed certainly raises (a definite shape error)

    def op_context(self) -> tuple[bool, Tri]:
        """Where an op runs, for rules: inside a module's forward(), and the grad mode there."""
        in_forward = self.function is not None and self.function.is_forward
        return in_forward, self.state.grad_enabled if self.state is not None else Tri.UNKNOWN

    # --- interpreter.py ------------------------------------------------------------------------
    @abstractmethod
    def emit(self, event: Event) -> None:
        """Send an event to the rules, unless this is a fixed-point pass."""

    @abstractmethod
    def record(self, node: cst.CSTNode, text: str, value: AbstractValue) -> None:
        """Keep ``value`` as the hover fact of ``node`` (when facts are recorded)."""

    @abstractmethod
    def forward_input_name(self) -> Optional[str]:
        """forward()'s input parameter, if its name still holds the input here (not rebound)."""

    @abstractmethod
    def spelling(self, qualified: str) -> Optional[str]:
        """How the code here names an API: ``T.no_grad`` after ``import torch as T``; None if unnamed."""

    @abstractmethod
    def new_alias_id(self) -> int:
        """A fresh identity for a group of objects sharing memory."""

    @abstractmethod
    def run_loop(self, node: cst.For | cst.While, enter: Callable[[State], None], body: cst.BaseSuite,
                 orelse: Optional[cst.Else], runs_once: bool = False) -> None:
        """Iterate a loop body to a fixed point, then walk it once more with events on (``runs_once``: the body
        surely runs, so the loop's exit state is not joined with its entry's)."""

    @abstractmethod
    def note_frozen(self, module: Optional[AbstractValue]) -> None:
        """The parameters of ``module`` (of some module, when None) may no longer require grad."""

    @abstractmethod
    def may_be_frozen(self, module: Optional[AbstractValue]) -> bool:
        """May the file have turned requires_grad off on the parameters of ``module`` (or a module holding it)?"""

    @abstractmethod
    def note_grads_cleared(self) -> None:
        """Some ``.grad`` was written here (``p.grad = None``): the enclosing loop clears gradients."""

    @abstractmethod
    def note_accumulation(self, node: cst.CSTNode, target: Operand, value: Operand) -> None:
        """``target += value`` in a loop (graph-accumulation rules want it)."""

    @abstractmethod
    def missing_name(self, name: str) -> Optional[AbstractValue]:
        """What a name no binding holds may still be (a star-imported project module's); notes it unbound."""

    @abstractmethod
    def analyze_function(self, function: cst.FunctionDef, enclosing: State, class_model: Optional[ClassModel],
                         defaults: dict[str, AbstractValue], self_value: Optional[AbstractValue] = None,
                         nested: bool = True, grad_mode: Optional[Tri] = None) -> None:
        """Walk a function body with its parameters bound to what is known of them (``grad_mode``: the
        caller's, unless a decorator sets it)."""

    # --- statements.py, assignments.py, definitions.py -----------------------------------------
    @abstractmethod
    def branch_taken(self, test: cst.BaseExpression, tested: AbstractValue) -> Tri:
        """Which way a branch test surely goes (YES: the body, NO: the other way), from literals, None checks and
        isinstance on values the engine made; UNKNOWN when either may."""

    @abstractmethod
    def exec_block(self, statements: Sequence[cst.BaseStatement]) -> None:
        """Execute statements in order until the path ends."""

    @abstractmethod
    def exec_suite(self, suite: cst.BaseSuite) -> None:
        """Execute an indented block or the statements after a colon."""

    @abstractmethod
    def assign(self, target: cst.BaseExpression, value: AbstractValue,
               value_node: Optional[cst.BaseExpression]) -> None:
        """Bind ``target`` to ``value`` (unpacking tuples, recording ``self.x`` in ``__init__``)."""

    @abstractmethod
    def exec_augmented(self, node: cst.AugAssign) -> None:
        """``x += y`` and friends: an in-place write when ``x`` is a tensor or an array."""

    @abstractmethod
    def eval_accumulation(self, node: cst.Assign) -> Optional[AbstractValue]:
        """``total = total + x`` in a loop: the sum, after telling the rules; None for other assignments."""

    @abstractmethod
    def forget_target(self, target: cst.BaseExpression) -> None:
        """``del target``: what was known of it is gone."""

    # --- instances.py: instances on their first call ---------------------------------
    @abstractmethod
    def instance_created(self, node: cst.Call, model: ClassModel) -> None:
        """``Net(...)`` made a new instance, still as ``__init__`` left it."""

    @abstractmethod
    def is_fresh(self, value: AbstractValue) -> bool:
        """Has nothing run on the instance ``value`` since ``__init__``, on every path here?"""

    @abstractmethod
    def initial_attribute(self, base: AbstractValue, model: ClassModel,
                          attribute: str) -> Optional[tuple[AbstractValue, bool]]:
        """What ``__init__`` left in ``base.attribute`` and whether it is registered, when ``base`` is fresh."""

    @abstractmethod
    def instance_used(self, value: AbstractValue) -> None:
        """Code may have run on ``value``: it is no longer fresh."""

    @abstractmethod
    def instances_escape(self, values: Iterable[AbstractValue]) -> None:
        """Values handed to a call: the instances among them are used."""

    @abstractmethod
    def every_instance_used(self) -> None:
        """Code the walk cannot see ran: no instance is fresh."""

    @abstractmethod
    def module_method_used(self, receiver: AbstractValue, method: str) -> None:
        """A module method that may run user code on its receiver."""

    @abstractmethod
    def outside_attribute_access(self, base_node: cst.BaseExpression, base: AbstractValue, attribute: str,
                                 store: bool) -> None:
        """An instance's attribute stored or read from outside its own methods."""

    @abstractmethod
    def instance_attribute(self, base: AbstractValue, model: ClassModel,
                           attribute: str) -> Optional[tuple[AbstractValue, bool]]:
        """What ``__init__``, walked with the arguments this instance was made with, left in ``base.attribute``
        (and whether it is registered), when nothing but ``__init__`` assigns it."""

    @abstractmethod
    def construct_instance(self, node: cst.Call, instance: AbstractValue, args: Sequence[Operand],
                           keywords: Sequence[tuple[str, Operand]]) -> AbstractValue:
        """``Trainer(model, opt)``: walk ``__init__`` with these arguments; the instance with its attributes."""

    @abstractmethod
    def record_initial_attributes(self, model: ClassModel, init: cst.FunctionDef, leaving: Optional[State],
                                  receiver: str) -> None:
        """After ``__init__``'s own walk: what it left in each attribute."""

    @abstractmethod
    def instance_stored(self, value: AbstractValue) -> None:
        """An instance stored in an attribute or an item: used from here on."""

    @abstractmethod
    def settle_initial_attributes(self, model: ClassModel) -> None:
        """Once a class is defined: drop what methods its ``__init__`` calls may have assigned."""

    @abstractmethod
    def note_self_attribute(self, path: str, value: AbstractValue, registered: bool) -> None:
        """Inside ``__init__``, ``self.fc = nn.Linear(...)`` defines a class attribute."""

    @abstractmethod
    def register_on_self(self, receiver: Operand, name: Operand, value: AbstractValue, method: str) -> None:
        """``self.register_buffer("x", t)`` / ``register_parameter``: an attribute that moves with the module."""

    @abstractmethod
    def self_value(self, model: ClassModel, method: str) -> AbstractValue:
        """``self`` inside a method: created on the CPU in ``__init__``, anywhere later."""

    @abstractmethod
    def forward_input(self, function: cst.FunctionDef, model: Optional[ClassModel],
                      defaults: dict[str, AbstractValue]) -> Optional[tuple[str, AbstractValue]]:
        """In an nn.Module's ``forward``, the argument after ``self`` is its input."""

    @abstractmethod
    def annotated_value(self, params: cst.Parameters, name: str) -> Optional[AbstractValue]:
        """A parameter annotated ``torch.Tensor`` is a tensor (device unknown)."""

    @abstractmethod
    def qualified_name(self, node: cst.BaseExpression) -> Optional[str]:
        """The API name an expression refers to (``T.no_grad`` -> ``torch.no_grad``)."""

    @abstractmethod
    def namespace_member(self, module: str, name: str) -> AbstractValue:
        """``D.helper`` after ``import data as D``: what the project module defines under that name."""

    @abstractmethod
    def bind_import(self, alias: cst.ImportAlias, module: Optional[str]) -> None:
        """``import torch as T`` / ``from torch import nn``: the name refers to an API."""

    @abstractmethod
    def exec_import_from(self, node: cst.ImportFrom) -> None:
        """``from module import name, ...``."""

    # --- expressions.py, access.py, operators.py -----------------------------------------------
    @abstractmethod
    def path_of(self, node: cst.BaseExpression) -> Optional[str]:
        """``model.fc.weight`` or ``batch["x"]`` for a chain the state can key; else None."""

    @abstractmethod
    def text_of(self, node: cst.CSTNode) -> str:
        """Short source text of an expression, for messages."""

    @abstractmethod
    def operand(self, node: cst.BaseExpression, value: Optional[AbstractValue] = None) -> Operand:
        """The expression with its value (evaluated unless given)."""

    @abstractmethod
    def eval(self, node: cst.BaseExpression) -> AbstractValue:
        """The abstract value of ``node``; emits the events of everything inside it."""

    @abstractmethod
    def eval_children(self, node: cst.CSTNode) -> None:
        """Walk sub-expressions of a node the engine has no model for."""

    @abstractmethod
    def read_path(self, path: str, node: cst.CSTNode) -> AbstractValue:
        """The value at ``path``; a read may observe a pending shared-memory write."""

    @abstractmethod
    def device_guarded(self, test: cst.BaseExpression) -> dict[str, AbstractValue]:
        """Tensors whose device a branch test asks about (``x.is_cuda``, ``x.device.type == "cpu"``)."""

    @abstractmethod
    def unguard(self, guarded: dict[str, AbstractValue], restore: bool) -> None:
        """Forget (``restore=False``) or give back the devices of ``device_guarded`` tensors."""

    @abstractmethod
    def device_of(self, node: Optional[cst.CSTNode], value: AbstractValue) -> Optional[Device]:
        """The device an argument denotes: ``"cuda:0"``, ``torch.device(...)``, ``x.device``."""

    @abstractmethod
    def set_from_outside(self, attr: str) -> bool:
        """Does this file, or a project module it adopted, set ``attr`` on some object other than ``self``?"""

    @abstractmethod
    def attribute_of(self, base: AbstractValue, attr: str, node: cst.CSTNode) -> AbstractValue:
        """Derive ``base.attr`` from what is known of ``base``."""

    @abstractmethod
    def rebind(self, receiver: Operand, value: AbstractValue) -> None:
        """A call changed ``receiver`` in place: update the path it lives at."""

    @abstractmethod
    def module_attribute(self, base: AbstractValue, attr: str) -> AbstractValue:
        """``module.attr``: a submodule, a parameter or a tensor attribute of a modeled class."""

    @abstractmethod
    def view_result(self, base: AbstractValue, node: cst.CSTNode, how: str,
                    is_scalar: Tri = Tri.UNKNOWN) -> AbstractValue:
        """A view of ``base``: same storage and facts, a non-leaf when it tracks grad."""

    @abstractmethod
    def combine(self, operands: list[Operand], node: cst.CSTNode, operation: str, grad: bool = True) -> AbstractValue:
        """The result of an op over ``operands``; emits OperandsMeet when tensors meet."""

    @abstractmethod
    def with_unknown_operands(self, result: AbstractValue, operands: Sequence[Operand]) -> AbstractValue:
        """``result`` of an op one of whose tensor operands is unknown: it may need grad."""

    @abstractmethod
    def op_result(self, tensors: list[Operand], node: cst.CSTNode, grad: bool = True, op: Optional[str] = None,
                  operands: Optional[list[Operand]] = None, label: Optional[str] = None,
                  elementwise: bool = False) -> AbstractValue:
        """A new tensor computed from ``tensors`` (device, grad history, 0-dim-ness)."""

    # --- calls.py, api_calls.py, methods.py, module_calls.py ------------------------------------
    @abstractmethod
    def eval_call(self, node: cst.Call, discarded: bool = False) -> AbstractValue:
        """A call's value, after dispatching it by what is called and telling the rules."""

    @abstractmethod
    def call_api(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                 discarded: bool) -> AbstractValue:
        """A call of an imported API function or class (``torch.zeros``, ``nn.Linear``)."""

    @abstractmethod
    def add_alias(self, operand: Operand, value: AbstractValue, group: AliasGroup) -> None:
        """Remember that the object behind ``operand`` now shares memory through ``group``."""

    @abstractmethod
    def sequence_operands(self, sequence: Operand) -> list[Operand]:
        """The tensors inside a list/tuple argument (``torch.cat([a, b])``)."""

    @abstractmethod
    def call_builtin(self, name: str, args: list[Operand]) -> AbstractValue:
        """A call of a Python builtin (``len``, ``zip``, ``list``...)."""

    @abstractmethod
    def element_of(self, iterable: AbstractValue, node: Optional[cst.CSTNode]) -> AbstractValue:
        """What one iteration over ``iterable`` yields."""

    @abstractmethod
    def in_place_write(self, target: Operand, node: cst.CSTNode, how: str, written: Optional[Operand] = None) -> None:
        """Data changes through ``target``: tell the rules, remember it for aliases."""

    @abstractmethod
    def tensor_method(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                      kw: dict[str, Operand]) -> AbstractValue:
        """A method called on a tensor."""

    @abstractmethod
    def with_indices(self, values: AbstractValue, tensors: list[Operand], node: cst.Call) -> AbstractValue:
        """The ``(values, indices)`` pair of sort/topk/max(dim)...: indices carry no history."""

    @abstractmethod
    def module_method(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                      kw: dict[str, Operand]) -> AbstractValue:
        """A method called on an ``nn.Module`` (``to``, ``parameters``, ``register_buffer``...)."""

    @abstractmethod
    def call_user_method(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                         keywords: list[tuple[str, Operand]]) -> AbstractValue:
        """A method of a class of this file (or of its base in this file), followed in context when that tells
        something."""

    @abstractmethod
    def find_method(self, class_name: Optional[str], method: str) -> Optional[tuple[ClassModel, cst.FunctionDef]]:
        """``method`` of the class of this file named ``class_name``, or of its nearest base class in this file."""

    @abstractmethod
    def ndarray_method(self, node: cst.Call, receiver: Operand, method: str) -> AbstractValue:
        """A method called on a NumPy array."""

    @abstractmethod
    def reflect_in_container(self, target: cst.BaseExpression, value: AbstractValue) -> None:
        """``d["k"] = v`` (or a change of ``d["k"]`` in place): the dict holding it now holds ``v``."""

    @abstractmethod
    def forget_contents(self, container: Operand) -> None:
        """A list or dict changed in a way the engine does not follow: forget what it held."""

    @abstractmethod
    def container_children(self, node: cst.Call, args: Sequence[Operand]
                           ) -> tuple[Optional[tuple[AbstractValue, ...]], Optional[AbstractValue]]:
        """The children a module container is built with: in order (when known), and what any one is."""

    @abstractmethod
    def with_child_added(self, container: AbstractValue, added: AbstractValue) -> AbstractValue:
        """``seq.add_module(name, m)`` / ``layers.append(m)``: the container with ``m`` last."""

    @abstractmethod
    def call_children(self, node: cst.Call, container: Operand, first: Operand) -> Optional[AbstractValue]:
        """``seq(x)``: each known child's call in order; None when the children are not known."""

    @abstractmethod
    def call_module(self, node: cst.Call, module: Operand, args: list[Operand],
                    keywords: Sequence[tuple[str, Operand]] = ()) -> AbstractValue:
        """``model(x)``: the module's parameters meet its inputs; a module class of this file runs its forward."""

    @abstractmethod
    def instantiate(self, node: cst.Call, cls: AbstractValue) -> AbstractValue:
        """``Net(...)`` for a class of this file: an instance with the class's modeled attributes."""

    # --- autograd.py ---------------------------------------------------------------------------
    @abstractmethod
    def autograd_history(self, op: Optional[str], node: cst.CSTNode, operands: Sequence[Operand], requires: Tri,
                         label: Optional[str] = None) -> tuple[frozenset[GraphNode], frozenset[SavedFor]]:
        """The graph of an op's result and what the op saved of it; marks the inputs it saved."""

    @abstractmethod
    def module_history(self, node: cst.CSTNode, module: Operand, inputs: Sequence[Operand],
                       requires: Tri) -> tuple[frozenset[GraphNode], frozenset[SavedFor]]:
        """The same for a module call: builtin modules save per the API table."""

    @abstractmethod
    def note_data_swap(self, base: Operand, node: cst.CSTNode) -> None:
        """``p.data = new``: what autograd saved of ``p`` now holds other values, and backward does not know."""

    @abstractmethod
    def note_saved_write(self, target: Operand, node: cst.CSTNode, how: str) -> None:
        """An in-place write: if autograd saved the tensor, the next backward through it raises."""

    @abstractmethod
    def backward_call(self, node: cst.CSTNode, name: str, roots: list[Operand], args: list[Operand],
                      kw: dict[str, Operand]) -> None:
        """``loss.backward()``, ``torch.autograd.backward(...)``, ``torch.autograd.grad(...)``."""

    @abstractmethod
    def next_iteration_entry(self, entry: State, stable: Optional[State]) -> State:
        """The entry of a loop's event pass, with what every iteration's backward() frees."""

    @abstractmethod
    def loop_zeroes_grads(self, calls: Sequence[Call], clears_grads: bool
                          ) -> tuple[Tri, Optional[frozenset[cst.CSTNode]]]:
        """Does a loop body clear gradients (UNKNOWN when it hands a model or an optimizer away), and through
        the ``zero_grad()`` of which optimizers alone (by where each was created; None when not only so)?"""

    @abstractmethod
    def backward_roots(self, first: Optional[Operand]) -> list[Operand]:
        """The tensors a functional backward starts from: one tensor or a literal sequence of them."""

    # --- training_steps.py ---------------------------------------------------------------------
    @abstractmethod
    def note_training_call(self, call: Call) -> None:
        """Update which optimizers' gradients are cleared after a call (backward, zero_grad, step, or a hidden
        one); tells the rules of a step on cleared gradients."""

    @abstractmethod
    def forget_training_steps(self) -> None:
        """A call may have run backward(), zero_grad() or step() out of sight: nothing is known any more."""

    @abstractmethod
    def forget_training_steps_of(self, calls: Sequence[Call]) -> None:
        """A followed call made ``calls``: if one of them is a training step, what it did is not tracked."""

    # --- interprocedural.py -------------------------------------------------------------------
    @abstractmethod
    def summary_of(self, function: cst.FunctionDef, class_model: Optional[ClassModel],
                   receiver: Optional[AbstractValue],
                   arguments: tuple[tuple[str, AbstractValue], ...] = ()) -> AbstractValue:
        """The join of every value ``function`` can return with its parameters unknown, or only roughly known
        (``arguments``); UNKNOWN when unsure."""

    @abstractmethod
    def call_in_file(self, node: cst.Call, function: cst.FunctionDef, class_model: Optional[ClassModel],
                     receiver: Optional[AbstractValue], args: Sequence[Operand],
                     keywords: Sequence[tuple[str, Operand]]) -> AbstractValue:
        """A call of a function of this file, followed in its caller's context when that tells something."""

    @abstractmethod
    def call_site_grad_mode(self, function: cst.FunctionDef) -> Optional[Tri]:
        """The grad mode at every call of ``function`` seen so far (joined); None when none was seen."""

    @abstractmethod
    def enclosing_state(self, callee: Optional[cst.FunctionDef] = None) -> State:
        """The scope ``callee`` (a function of this file) sees when called at this point."""

    # --- size_facts.py: sizes held by ints ------------------------------------------------------------------
    @abstractmethod
    def integer_constant(self, node: cst.Integer) -> AbstractValue:
        """An int literal holds its value."""

    @abstractmethod
    def integer_arithmetic(self, operation: str, operands: list[Operand], result: AbstractValue) -> AbstractValue:
        """``a * b`` on ints: ``result`` with the size it computes, when both are known."""

    @abstractmethod
    def negated(self, value: AbstractValue, result: AbstractValue) -> AbstractValue:
        """``-n``: ``result`` with the negated size."""

    @abstractmethod
    def size_builtin(self, name: str, node: cst.Call, args: list[Operand], result: AbstractValue) -> AbstractValue:
        """``len``/``int``/``math.floor``...: ``result`` with the size they compute."""

    @abstractmethod
    def exact_number(self, node: cst.CSTNode, depth: int = 0) -> Optional[Fraction]:
        """The exact value of an arithmetic expression of int literals and names holding them (no events)."""

    @abstractmethod
    def named_size(self, path: str, value: AbstractValue) -> AbstractValue:
        """A size read from an expression (``x.size(0)``) takes the name of the variable it is assigned to."""

    @abstractmethod
    def parameter_value(self, function: cst.FunctionDef, class_model: Optional[ClassModel],
                        name: str) -> AbstractValue:
        """What an unknown parameter is: a module ``__init__``'s parameter is a size symbol."""

    @abstractmethod
    def sized_instance(self, node: cst.Call, args: Sequence[Operand], keywords: Sequence[tuple[str, Operand]],
                       instance: AbstractValue) -> AbstractValue:
        """``Net(784, 10)``: the instance with the sizes its ``__init__`` parameters were given."""

    @abstractmethod
    def with_constructor_sizes(self, base: AbstractValue, attribute: AbstractValue) -> AbstractValue:
        """An attribute template read through an instance, with the instance's constructor sizes."""

    # --- array_shapes.py: NumPy arrays' shapes ----------------------------------------------------------------
    @abstractmethod
    def array_call_shape(self, node: cst.Call, record: ArrayShapeApi, args: list[Operand],
                         kw: dict[str, Operand], result: AbstractValue) -> AbstractValue:
        """A NumPy call's array with the shape its record says."""

    @abstractmethod
    def array_operator_shape(self, operands: list[Operand], result: AbstractValue) -> AbstractValue:
        """An operator's array ``result`` with the broadcast of its array operands' shapes."""

    @abstractmethod
    def array_method_shape(self, receiver: Operand, method: str, result: AbstractValue) -> AbstractValue:
        """An array method's ``result``: the receiver's shape for shape-keeping methods."""

    # --- shape_guards.py: branches on shapes ------------------------------------------------------------------
    @abstractmethod
    def shape_guarded(self, test: cst.BaseExpression) -> dict[str, tuple[AbstractValue, AbstractValue]]:
        """Tensors of known shape that a branch test asks about: their values before and inside the branches."""

    @abstractmethod
    def shape_unguard(self, guarded: dict[str, tuple[AbstractValue, AbstractValue]], restore: bool) -> None:
        """Forget the shapes of ``shape_guarded`` tensors, or give back those the branches left alone."""

    # --- shape_semantics.py: tensor shapes --------------------------------------------------------------------
    @abstractmethod
    def end_path_if_raised(self) -> None:
        """After a statement that certainly raised: a callee's path ends there (the call returns nothing)."""

    # --- module_shapes.py: shapes through nn layers -----------------------------------------------------------
    @abstractmethod
    def layer_result(self, layer: Layer, shape: Optional[Shape]) -> Optional[Shape]:
        """A layer's output for an input of ``shape``; a layer that cannot take it marks the statement raised."""

    @abstractmethod
    def loss_checked(self, contract: LossContract, name: str, input_shape: Optional[Shape],
                     target: Optional[Shape]) -> None:
        """A loss whose target cannot go with its input marks the statement raised."""

    @abstractmethod
    def module_with_layer(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                          module: AbstractValue) -> AbstractValue:
        """``nn.Linear(784, 10)``: the module with what its constructor's literal arguments say."""

    @abstractmethod
    def run_forward(self, node: cst.Call, runner: ModuleRunner, args: list[Operand], kw: dict[str, Operand]) -> None:
        """``torch.jit.trace(model, x)``: the module class's forward runs on the example."""

    @abstractmethod
    def layer_parameter(self, module: AbstractValue, attr: str, result: AbstractValue) -> AbstractValue:
        """``fc.weight``: a layer's parameter with the shape its constructor's sizes give it."""

    @abstractmethod
    def module_altered(self, module: Operand, method: str) -> None:
        """``seq.append(layer)``, ``seq[1] = layer``: what the engine knew of the container's layers is gone."""

    @abstractmethod
    def shape_api_call(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                       result: AbstractValue) -> AbstractValue:
        """An API call's ``result`` with its shape (a module with its layer); shape events where shapes meet."""

    @abstractmethod
    def shape_method_call(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                          kw: dict[str, Operand], result: AbstractValue) -> AbstractValue:
        """A tensor method's ``result`` with its shape (sizes for ``size()``); shape events where shapes meet."""

    @abstractmethod
    def shape_module_call(self, node: cst.Call, module: Operand, args: list[Operand],
                          keywords: Sequence[tuple[str, Operand]], result: AbstractValue) -> AbstractValue:
        """A torch layer's call: its output's shape; a layer or loss event where its sizes meet the input's."""

    @abstractmethod
    def shape_operator(self, operation: str, operands: list[Operand], node: cst.CSTNode,
                       result: AbstractValue) -> AbstractValue:
        """An operator's tensor ``result`` with its shape (broadcast, matmul); the event where shapes meet."""

    @abstractmethod
    def shape_unary(self, operand: AbstractValue, result: AbstractValue) -> AbstractValue:
        """``-x``: the operand's shape."""

    @abstractmethod
    def slice_bounds(self, index: cst.Slice) -> tuple[Optional[AbstractValue], ...]:
        """Evaluate a slice's bounds, keeping what each is."""

    @abstractmethod
    def shape_subscript(self, node: cst.Subscript, base: AbstractValue, indices: Sequence[object],
                        result: AbstractValue) -> AbstractValue:
        """``x[...]``'s ``result`` with its shape; ``sizes[-1]`` of a known tuple."""

    # --- size_names.py -----------------------------------------------------------------------------
    @abstractmethod
    def name_read_sizes(self, tensor: cst.CSTNode, read: cst.CSTNode,
                        rank: Optional[int] = None) -> Optional[Shape]:
        """The shape of ``tensor`` with its unknown sizes named after ``read``, kept for the variable."""

    @abstractmethod
    def leading_size(self, tensor: cst.CSTNode, position: int, read: cst.CSTNode) -> Optional[Dim]:
        """``x.shape[i]`` of a tensor of unknown rank: the size, kept under ``x.shape[i]``."""

    @abstractmethod
    def viewed_shape(self, tensor: cst.CSTNode, sizes: tuple[Optional[Dim], ...]) -> Optional[Shape]:
        """The shape a tensor of unknown rank must have for ``view(sizes)`` to succeed (None: unknown)."""

    @abstractmethod
    def unpacked_sizes(self, read: Optional[cst.BaseExpression], count: int) -> Optional[tuple[AbstractValue, ...]]:
        """``a, b, c = x.shape``: the sizes each name gets (None when ``read`` reads no tensor's sizes)."""

    @abstractmethod
    def shape_attribute(self, base: AbstractValue, attr: str, node: cst.CSTNode,
                        result: AbstractValue) -> AbstractValue:
        """A tensor attribute's ``result`` with its shape; ``x.shape`` as sizes."""

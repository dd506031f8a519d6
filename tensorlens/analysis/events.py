"""Events the interpreter emits while it walks a file; rules subscribe to them.

A rule implements ``on_<event name>`` for the events it cares about (for
example ``on_in_place_write``) and only decides and explains: every fact it
needs arrives inside the event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst

from tensorlens.analysis.shapes import Dim
from tensorlens.analysis.torch_api.records import LossInput
from tensorlens.analysis.torch_api.shapes import LossContract
from tensorlens.analysis.values import AbstractValue, AliasGroup, GraphNode, SavedFor, Tri

if TYPE_CHECKING:
    from tensorlens.analysis.layers import Layer


class Operand:
    """An expression as the user wrote it, with the facts known about its value.

    ``text`` may be given as a function that produces it: most operands never
    reach a message, and generating source text for every one of them took a
    fifth of the engine's time.
    """

    __slots__ = ("node", "value", "_text")

    def __init__(self, node: cst.CSTNode, text: Union[str, Callable[[], str]], value: AbstractValue):
        self.node = node
        self.value = value
        self._text = text

    @property
    def text(self) -> str:
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Operand) and self.node is other.node and self.value == other.value \
            and self.text == other.text

    def __hash__(self) -> int:
        return hash((id(self.node), self.text))

    def __repr__(self) -> str:
        return f"Operand({self.text!r}, {self.value!r})"


@dataclass(frozen=True)
class Event:
    """Base of all events: the node the event happened at."""

    node: cst.CSTNode

    handler = "on_event"


@dataclass(frozen=True)
class InPlaceWrite(Event):
    """Data is written through ``target`` without making a new tensor or array.

    ``how`` names the construct for messages: ``add_()``, ``+=``, ``[...] =``, ``out=``.
    For fixes: ``statement`` is the statement holding the write, ``loops`` the loops
    around it in this function (innermost last) and ``no_grad`` how the code there
    names ``torch.no_grad`` (``T.no_grad`` after ``import torch as T``; None if it cannot).
    """

    target: Operand
    how: str
    grad_enabled: Tri
    statement: Optional[cst.CSTNode] = None
    loops: tuple[cst.For | cst.While, ...] = ()
    no_grad: Optional[str] = None
    written: Optional[Operand] = None  # what ``t[i] = v`` or ``t.copy_(v)`` writes, when the write copies a value
    handler = "on_in_place_write"


@dataclass(frozen=True)
class OperandsMeet(Event):
    """One op, function call or module call uses several tensors or modules together.

    ``operation`` describes the op for messages (``+``, ``torch.cat``, ``model(...)``).
    """

    operation: str
    operands: tuple[Operand, ...]
    # Inside a module's forward() (the op builds the model's output), with grad on, off or unknown there.
    in_forward: bool = False
    grad_enabled: Tri = Tri.UNKNOWN
    handler = "on_operands_meet"


@dataclass(frozen=True)
class SharedWriteObserved(Event):
    """A write through one side of shared numpy/torch memory is read through the other.

    ``node`` is the write; ``reader`` the later read; ``alias`` the call that made the sharing.
    """

    writer: Operand
    how: str
    reader: Operand
    alias: AliasGroup
    handler = "on_shared_write_observed"


@dataclass(frozen=True)
class Call(Event):
    """Any call the engine resolved: an API function, a method on a known value, a module.

    ``qualified`` is set for API functions (``torch.zeros``), ``method`` for
    methods (with ``receiver``). ``discarded`` is True when the call is a whole
    expression statement (its result thrown away).
    """

    qualified: Optional[str]
    method: Optional[str]
    receiver: Optional[Operand]
    args: tuple[Operand, ...]
    keywords: tuple[tuple[str, Operand], ...]
    result: AbstractValue
    discarded: bool
    grad_enabled: Tri
    in_forward: bool = False
    # In forward(): the name of its input parameter while that name still holds the input
    # (so a fix may write ``device=<name>.device`` at this call); None otherwise.
    forward_input: Optional[str] = None
    # The engine followed the call into a function of this file: what it does is known (its own calls
    # are among the loop's), so handing a model or an optimizer to it hides nothing.
    followed: bool = False
    handler = "on_call"

    def keyword(self, name: str) -> Optional[Operand]:
        """The operand passed as ``name=``, if any."""
        for key, operand in self.keywords:
            if key == name:
                return operand
        return None


@dataclass(frozen=True)
class AttributeUse(Event):
    """``base.attr`` read or written (``store``), with the base's facts."""

    base: Operand
    attr: str
    name_node: cst.CSTNode
    store: bool
    grad_enabled: Tri = Tri.UNKNOWN
    # A store of the base's own data converted (``p.data = p.data.to(torch.float32)``): the same values
    # in another dtype or on another device, the way PyTorch's own Module._apply swapped them.
    converts_own_data: bool = False
    handler = "on_attribute_use"


@dataclass(frozen=True)
class Accumulation(Event):
    """``target += value`` (or ``target = target + value``) inside a loop.

    ``carried``: the target holds a value from an earlier iteration (it was not
    assigned earlier in this iteration on every path).
    """

    target: Operand
    value: Operand
    loop: cst.CSTNode
    grad_enabled: Tri = Tri.UNKNOWN
    carried: bool = False
    handler = "on_accumulation"


@dataclass(frozen=True)
class LoopAnalyzed(Event):
    """A loop whose body was analyzed; ``calls`` lists every call in it, nested loops included.

    ``zeroes_grads``: YES when the body clears gradients (``zero_grad()``,
    ``p.grad = None``, ``p.grad.zero_()``), UNKNOWN when it hands a model,
    optimizer or parameters to a function the engine cannot see into, else NO.
    ``cleared_optimizers``: when the body clears gradients only through
    ``opt.zero_grad()`` of optimizers the engine knows, where each was created
    (another optimizer's gradients are not cleared); None otherwise.
    """

    calls: tuple[Call, ...] = field(default=())
    zeroes_grads: Tri = Tri.UNKNOWN
    cleared_optimizers: Optional[frozenset[cst.CSTNode]] = None
    handler = "on_loop_analyzed"


@dataclass(frozen=True)
class KeywordArgument(Event):
    """A keyword argument to any call (``name_node`` is the keyword itself).

    ``receiver`` is the object a method is called on (None for plain calls).
    """

    name: str
    name_node: cst.CSTNode
    qualified: Optional[str]
    receiver: Optional[Operand] = None
    handler = "on_keyword_argument"


@dataclass(frozen=True)
class SavedTensorModified(Event):
    """A backward() runs through a graph node whose saved tensor was changed in place.

    ``node`` is the in-place write; ``saved`` what saved the tensor; ``backward``
    the call that will raise, started from ``root``.
    """

    target_text: str
    how: str
    saved: SavedFor
    backward: cst.CSTNode
    root: Operand
    # The write went through `.data`: autograd's version check never sees it, so the backward does not
    # raise but silently uses the changed values (data-attribute, not inplace-on-saved-tensor).
    hidden: bool = False
    handler = "on_saved_tensor_modified"


@dataclass(frozen=True)
class BackwardThroughFreedGraph(Event):
    """A backward() (``node``) from ``root`` runs through ``through``, whose saved tensors
    the backward at ``freed_by`` already freed (``freed_by is node``: this same call, in
    the loop's previous iteration)."""

    root: Operand
    through: GraphNode
    freed_by: cst.CSTNode
    handler = "on_backward_through_freed_graph"


@dataclass(frozen=True)
class TensorIndexed(Event):
    """``t[...]`` read on a tensor. ``takes_a_dimension``: the index consumes one of the tensor's dimensions
    (an integer or a slice, no ``None`` or ``...``), which a 0-dim tensor does not have."""

    base: Operand
    takes_a_dimension: bool
    handler = "on_tensor_indexed"


@dataclass(frozen=True)
class Returned(Event):
    """A ``return`` statement (``node``) and the values it returns (a tuple's elements one by one).

    ``in_forward``: it returns from an ``nn.Module`` subclass's ``forward``.
    """

    values: tuple[Operand, ...]
    in_forward: bool = False
    handler = "on_returned"


@dataclass(frozen=True)
class LossComputed(Event):
    """A classification loss (``node``: its call) is computed from ``input``; ``loss`` names it for messages
    (``nn.CrossEntropyLoss``, ``F.nll_loss``) and ``expects`` says what its first argument must be."""

    loss: str
    expects: LossInput
    input: Operand
    handler = "on_loss_computed"


@dataclass(frozen=True)
class StepOnClearedGradients(Event):
    """``optimizer.step()`` (``node``) runs while the gradients its ``zero_grad()`` at ``cleared`` cleared are still
    cleared: no backward() ran in between, on any path. ``backward``: the backward() whose gradients that
    zero_grad() threw away (None when none is known to have run before it); ``in_loop``: the step is in a loop."""

    optimizer: Operand
    cleared: cst.CSTNode
    backward: Optional[cst.CSTNode]
    in_loop: bool
    handler = "on_step_on_cleared_gradients"


@dataclass(frozen=True)
class ModuleCalled(Event):
    """A module is called on inputs (``model(x)``, ``self.encoder(h)``, ``model.forward(x)``), with the module's
    facts (its train/eval mode among them), the grad mode there and whether the call is inside a loop."""

    module: Operand
    grad_enabled: Tri
    in_loop: bool
    handler = "on_module_called"


# --- shapes (see shapes.py): emitted only where the shapes involved are known ------------------------------------

class Joining(Enum):
    """How an op ties its operands' shapes together."""

    MATMUL = "matmul"  # torch.matmul, @: 1-D, 2-D and batched operands
    MM = "mm"  # two matrices
    BMM = "bmm"  # two batches of matrices
    CONCATENATE = "cat"  # equal except along ``dim``
    STACK = "stack"  # all equal
    BROADCAST = "broadcast"  # elementwise: the shapes broadcast
    BROADCAST_IN_PLACE = "broadcast in place"  # ``a += b``: ``b`` broadcasts to ``a``'s own shape


@dataclass(frozen=True)
class ShapesCombined(Event):
    """An op whose operands' shapes must agree as ``joining`` says; ``dim`` is what cat/stack join along.

    ``operation`` names the op for messages (``@``, ``torch.cat``, ``+``).
    """

    joining: Joining
    operation: str
    operands: tuple[Operand, ...]
    dim: int = 0
    handler = "on_shapes_combined"


@dataclass(frozen=True)
class LayerCalled(Event):
    """A ``torch.nn`` layer, or its functional form, runs on ``input`` (whose shape is known).

    ``layer`` is what the constructor's literal arguments say (for ``F.linear``/``F.conv2d``: what the weight's
    shape says; ``module`` is then the weight); ``state`` an RNN's initial hidden state (h0, or LSTM's h0 and c0).
    """

    module: Operand
    layer: Layer
    input: Operand
    state: tuple[Operand, ...] = ()
    handler = "on_layer_called"


@dataclass(frozen=True)
class Reshaped(Event):
    """``input.view(sizes)`` or ``reshape``: the element counts must agree (one size may be -1)."""

    input: Operand
    sizes: tuple[Optional[Dim], ...]
    operation: str
    handler = "on_reshaped"


@dataclass(frozen=True)
class LossShapes(Event):
    """A loss of ``input`` against ``target`` (both shapes known): ``contract`` is what the target must be."""

    loss: str
    contract: LossContract
    input: Operand
    target: Operand
    handler = "on_loss_shapes"


ALL_EVENTS: tuple[type[Event], ...] = (
    InPlaceWrite, OperandsMeet, SharedWriteObserved, Call, AttributeUse, Accumulation, LoopAnalyzed,
    KeywordArgument, SavedTensorModified, BackwardThroughFreedGraph, Returned, TensorIndexed, LossComputed,
    StepOnClearedGradients, ModuleCalled, ShapesCombined, LayerCalled, Reshaped, LossShapes,
)

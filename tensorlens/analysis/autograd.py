"""Autograd bookkeeping: graph nodes that hold saved tensors, what they saved, what backward() frees.

An op whose backward needs tensors (the output of ``sigmoid``, the inputs of
``mul``...; see :mod:`tensorlens.analysis.torch_api`) becomes a
:class:`GraphNode` in its result's ``graph``; the tensors it saved carry a
:class:`SavedFor` fact. An in-place write to a saved tensor is remembered in
the state until a backward() runs through that node (inplace-on-saved-tensor);
a backward() frees the saved tensors of every node it runs through, so a later
backward() through one of them fails (backward-twice).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import count
from typing import Any, Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import BackwardThroughFreedGraph, Call, Operand, SavedTensorModified
from tensorlens.analysis.literals import constant_bool
from tensorlens.analysis.state import SavedWrite, State
from tensorlens.analysis.values import AbstractValue, CallSaves, GraphNode, Kind, SavedFor, Tri, ViewBase

NOTHING: frozenset[Any] = frozenset()
# Creation order of graph nodes: messages name the node nearest the root, deterministically.
_ORDER = count()


class AutogradSemantics(Engine):
    """Mixin: the autograd facts of op results, in-place writes and backward calls."""

    def autograd_history(self, op: Optional[str], node: cst.CSTNode, operands: Sequence[Operand],
                         requires: Tri, label: Optional[str] = None
                         ) -> tuple[frozenset[GraphNode], frozenset[SavedFor]]:
        """The graph of an op's result and what the op saved of it; marks the inputs it saved."""
        if requires is not Tri.YES:
            return NOTHING, NOTHING
        graph = _union(o.value.graph for o in operands if o.value.kind is Kind.TENSOR)
        if op is None or not api.saves_for_backward(op):
            return graph, NOTHING
        graph_node = self.new_graph_node(node, label or op)
        flags = [o.value.requires_grad.value is True if o.value.kind is Kind.TENSOR else None for o in operands]
        for position in api.saved_operands(op, flags):
            self.mark_saved(operands[position], SavedFor(graph_node, "input"))
        output = frozenset({SavedFor(graph_node, "output")}) if op in api.SAVES_OUTPUT else NOTHING
        return graph | {graph_node}, output

    def module_history(self, node: cst.CSTNode, module: Operand, inputs: Sequence[Operand], requires: Tri
                       ) -> tuple[frozenset[GraphNode], frozenset[SavedFor]]:
        """The same for a module call: builtin modules save per the API table."""
        if requires is not Tri.YES:
            return NOTHING, NOTHING
        graph = _union(o.value.graph for o in inputs)
        value = module.value
        saves = module_call_saves(value)
        if saves is None or not saves.anything:
            return graph, NOTHING
        graph_node = self.new_graph_node(node, f"{module.text or api.nn_module_name(value.qualified or '')}(...)")
        if saves.input and inputs and not self.may_be_frozen(value):
            self.mark_saved(inputs[0], SavedFor(graph_node, "input"))
        output = frozenset({SavedFor(graph_node, "output")}) if saves.output else NOTHING
        return graph | {graph_node}, output

    def new_graph_node(self, node: cst.CSTNode, label: str) -> GraphNode:
        """A fresh runtime node for the op at ``node``: it replaces the one made there before."""
        assert self.state is not None
        graph_node = GraphNode(node, label, next(_ORDER))
        self.state.freed.pop(graph_node, None)
        self.state.modified.pop(graph_node, None)
        return graph_node

    def mark_saved(self, operand: Operand, saved: SavedFor) -> None:
        """Remember that the tensor at ``operand``'s path is saved (same object, not a rebinding)."""
        assert self.state is not None
        if not isinstance(operand.node, (cst.Name, cst.Attribute)):
            self._mark_view_base_saved(operand.value, saved)
            return
        path = self.path_of(operand.node)
        if path is not None:
            value = operand.value
            self.state.values[path] = value.but(saved_for=value.saved_for | {saved})

    def _mark_view_base_saved(self, value: AbstractValue, saved: SavedFor) -> None:
        """``conv(x.transpose(1, 2))`` saves a view of ``x``: a view shares its base's version counter, so an
        in-place write on ``x`` afterwards fails the saved view's check at backward."""
        assert self.state is not None
        base = value.view_of
        if base is None or not base.text:
            return
        held = self.state.values.get(base.text)
        if held is not None and held.kind is Kind.TENSOR and held.origin == base.value.origin:
            self.state.values[base.text] = held.but(saved_for=held.saved_for | {saved})

    def note_saved_write(self, target: Operand, node: cst.CSTNode, how: str) -> None:
        """An in-place write: if autograd saved the tensor, the next backward through it raises."""
        assert self.state is not None
        value = target.value
        saved = value.saved_for
        if value.view_of is not None:
            saved = saved | value.view_of.value.saved_for
        for fact in saved:
            if fact.by not in self.state.freed and fact.by not in self.state.modified:
                self.state.modified[fact.by] = SavedWrite(node, target.text, how, fact)
        self._note_hidden_write(value, node, target.text, how)

    def note_data_swap(self, base: Operand, node: cst.CSTNode) -> None:
        """``p.data = new``: what autograd saved of ``p`` now holds other values, and backward does not know."""
        if base.value.kind is not Kind.TENSOR or base.value.requires_grad.value is not True:
            return
        swapped = AbstractValue(kind=Kind.TENSOR, data_of=ViewBase(base.text, base.value, node))
        self._note_hidden_write(swapped, node, f"{base.text}.data" if base.text else ".data", "`.data =`")

    def _note_hidden_write(self, value: AbstractValue, node: cst.CSTNode, text: str, how: str) -> None:
        assert self.state is not None
        for fact in self.saved_behind_data(value):
            if fact.by not in self.state.freed and fact.by not in self.state.modified:
                self.state.modified[fact.by] = SavedWrite(node, text, how, fact, hidden=True)

    def saved_behind_data(self, value: AbstractValue) -> frozenset[SavedFor]:
        """What autograd saved of the tensor whose ``.data`` ``value`` is (or views): a write through it is
        invisible to the version check, so a backward through those nodes uses the new values silently."""
        assert self.state is not None
        bases = [base for base in (value.data_of, value.view_of.value.data_of if value.view_of else None)
                 if base is not None]
        saved: frozenset[SavedFor] = NOTHING
        for base in bases:
            now = self.state.get(base.text) if base.text else None
            for tracked in (base.value, now):
                if tracked is None:
                    continue
                saved = saved | tracked.saved_for
                if tracked.view_of is not None:
                    saved = saved | tracked.view_of.value.saved_for
        return saved

    def backward_call(self, node: cst.CSTNode, name: str, roots: list[Operand], args: list[Operand],
                      kw: dict[str, Operand]) -> None:
        """``loss.backward()``, ``torch.autograd.backward(...)``, ``torch.autograd.grad(...)``."""
        assert self.state is not None
        graph = _union(root.value.graph for root in roots if root.value.kind is Kind.TENSOR)
        if not graph:
            return
        root = roots[0]
        state = self.state
        for graph_node in sorted(graph, key=_order):
            write = state.modified.pop(graph_node, None)
            if write is not None:
                self.emit(SavedTensorModified(write.node, write.target_text, write.how, write.saved, node, root,
                                              write.hidden))
        freed = [graph_node for graph_node in graph if graph_node in state.freed]
        if freed:
            through = max(freed, key=_order)
            self.emit(BackwardThroughFreedGraph(node, root, through, state.freed[through]))
        if not _retains_graph(name, args, kw):
            for graph_node in graph:
                state.freed.setdefault(graph_node, node)

    def next_iteration_entry(self, entry: State, stable: Optional[State]) -> State:
        """The entry of a loop's event pass, with what every iteration's backward() frees.

        ``stable`` is the state at the end of an iteration from the fixed-point
        ``entry``. A graph node freed there and not rebuilt is still freed when
        the next iteration begins, so a backward() through it then fails.
        """
        if stable is None:
            return entry
        carried = {node: call for node, call in stable.freed.items() if node not in entry.freed}
        if not carried:
            return entry
        entry = entry.copy()
        entry.freed.update(carried)
        return entry

    def loop_zeroes_grads(self, calls: Sequence[Call], clears_grads: bool
                          ) -> tuple[Tri, Optional[frozenset[cst.CSTNode]]]:
        """Does a loop body clear gradients? UNKNOWN when it hands a model or an optimizer to
        code the engine cannot see into."""
        if clears_grads:
            return Tri.YES, None
        unknown = cleared = False
        optimizers: Optional[set[cst.CSTNode]] = set()
        for call in calls:
            receiver = call.receiver
            if call.method in api.GRAD_CLEARING_METHODS and receiver is not None \
                    and receiver.value.kind is Kind.OPTIMIZER and receiver.value.origin is not None:
                cleared = True
                if optimizers is not None:
                    optimizers.add(receiver.value.origin.node)
                continue
            if call.method in api.GRAD_CLEARING_METHODS or _clears_through_a_function(call) or (
                    receiver is not None and call.method is not None and api.is_in_place_method(call.method)
                    and receiver.text.endswith((".grad", ".grad.data"))):
                cleared, optimizers = True, None  # a model's zero_grad(), `p.grad.zero_()`, an unknown optimizer
                continue
            if call.followed:
                continue  # its body's calls are among ``calls``
            if call.qualified is None and call.method is None:
                operands = (*call.args, *(operand for _, operand in call.keywords))
                unknown = unknown or any(o.value.kind in _TRAINING_KINDS for o in operands)
            elif receiver is not None and receiver.value.class_name is not None and call.result.kind is Kind.UNKNOWN:
                unknown = True
        if cleared:
            return Tri.YES, frozenset(optimizers) if optimizers is not None else None
        return (Tri.UNKNOWN if unknown else Tri.NO), None

    def backward_roots(self, first: Optional[Operand]) -> list[Operand]:
        """The tensors a functional backward starts from: one tensor or a literal sequence of them."""
        if first is None:
            return []
        if first.value.kind is Kind.SEQUENCE:
            return self.sequence_operands(first)
        return [first]


_TRAINING_KINDS = frozenset({Kind.MODULE, Kind.OPTIMIZER, Kind.PARAMETERS})


def _clears_through_a_function(call: Call) -> bool:
    """``torch.optim.Optimizer.zero_grad(opt)``, ``nn.Module.zero_grad(model)`` (the method through its
    class) and ``setattr(p, "grad", ...)``."""
    if call.qualified is not None:
        return call.qualified.rpartition(".")[2] in api.GRAD_CLEARING_METHODS
    func = call.node.func if isinstance(call.node, cst.Call) else None
    if call.method is not None or len(call.args) < 2 or not (isinstance(func, cst.Name) and func.value == "setattr"):
        return False
    name = call.args[1].node
    return isinstance(name, cst.SimpleString) and name.evaluated_value == "grad"


def _order(graph_node: GraphNode) -> int:
    return graph_node.order


def _union(graphs: Iterable[frozenset[GraphNode]]) -> frozenset[GraphNode]:
    result: frozenset[GraphNode] = NOTHING
    for graph in graphs:
        if graph:
            result = graph if not result else result | graph
    return result


def _retains_graph(name: str, args: list[Operand], kw: dict[str, Operand]) -> bool:
    """Does this backward keep the saved tensors? True unless it certainly frees them."""
    retain_at, create_at = api.BACKWARD_CALLS[name]
    if len(args) > min(retain_at, create_at):
        return True
    for keyword in ("retain_graph", "create_graph"):
        operand = kw.get(keyword)
        if operand is not None and not (isinstance(operand.node, cst.Name)
                                        and operand.node.value in ("False", "None")):
            return True
    return False


def module_call_saves(module: AbstractValue) -> Optional[CallSaves]:
    """What a call of ``module`` saves for backward; None when the engine does not know its class."""
    if module.call_saves is not None:
        return module.call_saves
    name = api.nn_module_name(module.qualified) if module.class_name is None and module.qualified else None
    if name is None:
        return None
    # An activation saves its output (an in-place one too: `relu_` saves its result), but only one whose
    # construction the engine saw is known to be that module.
    output = name in api.MODULES_SAVING_OUTPUT and module.origin is not None and isinstance(module.origin.node,
                                                                                              cst.Call)
    return CallSaves(name in api.MODULES_SAVING, name in api.MODULES_SAVING_INPUT, output)


def sequential_saves(layers: Sequence[AbstractValue]) -> Optional[CallSaves]:
    """An ``nn.Sequential`` of ``layers`` saves what they save: its input if its first layer saves its own,
    its output if its last one does (unknown layers save nothing the engine can name)."""
    if not layers:
        return None
    saves = [module_call_saves(layer) if layer.kind is Kind.MODULE else None for layer in layers]
    first, last = saves[0], saves[-1]
    return CallSaves(any(s is not None and s.anything for s in saves), first is not None and first.input,
                     last is not None and last.output)


def writes_its_input(module: AbstractValue) -> bool:
    """``nn.ReLU(inplace=True)``, ``nn.ReLU(True)``, ``nn.LeakyReLU(0.2, True)``: its call changes its input."""
    name = api.nn_module_name(module.qualified) if module.class_name is None and module.qualified else None
    at = api.MODULE_INPLACE_AT.get(name or "")
    origin = module.origin
    if at is None or origin is None or not isinstance(origin.node, cst.Call):
        return False
    positional = [arg for arg in origin.node.args if arg.keyword is None and not arg.star]
    for arg in origin.node.args:
        if arg.keyword is not None and arg.keyword.value == "inplace":
            return constant_bool(arg.value) is True
    return len(positional) > at and constant_bool(positional[at].value) is True

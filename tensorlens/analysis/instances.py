"""Instances on their first call: a method run on a module no other method has run on reads ``__init__``'s attributes.

A class model's attribute is the join of every method's assignments
(``self.hidden = zeros(...)`` in ``__init__``, ``self.hidden = h.detach()`` in
``forward``), so it is unknown as soon as two methods disagree. But the first
``model(x)`` after ``model = Net()`` (moved or not) runs ``forward`` on exactly
what ``__init__`` left: a CPU hidden state made there is still on the CPU, a
state sized for 16 rows still has 16.

The walk keeps, in :attr:`State.fresh`, the instances it created that nothing
has run on yet, by the node that created them (so every alias and container
copy of one is the same instance). Anything that may have run code on one
uses it up: a call of its methods (``forward`` included), a module method other
than moving it or switching its mode, passing it (or a function that may reach
it) to any call, storing or reading its attributes from outside its methods.
A callee's walk reports the instances it used, so the caller's set shrinks too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.state import State
from tensorlens.analysis.values import UNKNOWN_FACT, AbstractValue, Kind, Located

# Module methods that run no user code and leave plain attributes as they were (moving a module moves only its
# parameters, buffers and submodules; see classes.py).
_KEEPING_METHODS = frozenset({"to", "cuda", "cpu", "mps", "xpu", "train", "eval", "parameters", "named_parameters",
                              "buffers", "named_buffers", "children", "named_children", "modules", "named_modules",
                              "state_dict", "zero_grad", "requires_grad_", "float", "double", "half", "bfloat16"})


# Methods that neither move, replace nor refill what they are called on (``self.model.forward(x)``); a train/eval
# switch is fine too, as an instance's module attribute never carries its mode (see instance_attribute).
_READING_METHODS = frozenset({"forward", "parameters", "named_parameters", "buffers", "named_buffers", "children",
                              "named_children", "modules", "named_modules", "state_dict", "zero_grad", "step",
                              "train", "eval", "size", "dim", "numel", "item", "get", "keys", "values", "items",
                              "count", "index", "copy"})


_MOVING_METHODS = frozenset({"to", "cuda", "cpu", "mps", "xpu", "half", "float", "double", "bfloat16", "type",
                             "apply", "load_state_dict", "requires_grad_", "share_memory"})


class InstanceStates(Engine):
    """Mixin: which instances are still as ``__init__`` left them, and what their attributes are then."""

    def instance_created(self, node: cst.Call, model: ClassModel) -> None:
        """``Net(...)`` made a new instance: fresh, when ``__init__``'s attributes are known."""
        if self.state is not None and model.initial:
            self.state.fresh = self.state.fresh | {id(node)}

    def is_fresh(self, value: AbstractValue) -> bool:
        """Has nothing run on the instance ``value`` since ``__init__``, on every path here?"""
        key = _instance_key(value)
        return key is not None and self.state is not None and key in self.state.fresh

    def initial_attribute(self, base: AbstractValue, model: ClassModel,
                          attribute: str) -> Optional[tuple[AbstractValue, bool]]:
        """What ``__init__`` left in ``base.attribute`` and whether it is registered, when ``base`` is fresh."""
        if attribute not in model.initial or not self.is_fresh(base):
            return None
        return model.initial[attribute], attribute in model.initial_registered

    def instance_attribute(self, base: AbstractValue, model: ClassModel,
                           attribute: str) -> Optional[tuple[AbstractValue, bool]]:
        """What ``__init__``, walked with the arguments this instance was made with (construct_instance), left
        in ``base.attribute`` and whether it is registered, when no other method and no outside code assigns it:
        then it holds that for the instance's whole life. A module a plain object holds (``self.model = model``
        in a trainer) may be moved afterwards through another name: only a device it was moved to stays."""
        if base.own_attributes is None or base.class_name is None:
            return None
        value = dict(base.own_attributes).get(attribute)
        if value is None:
            return None
        if attribute in self._assigned_after_init(base.class_name) or self.set_from_outside(attribute):
            return None
        registered = attribute in model.registered or value.is_parameter or value.kind is Kind.MODULE
        if value.kind is Kind.MODULE and base.kind is not Kind.MODULE:
            value = value.but(mode=UNKNOWN_FACT)  # ``self.model.eval()`` in some method switches it
            if value.known_device is None or value.known_device.kind == "cpu":
                value = value.but(device=Located(None))
        return value, registered

    def _assigned_after_init(self, class_name: str) -> frozenset[str]:
        """The attributes a method other than ``__init__`` of the class or its bases in this file may assign."""
        known = self.assigned_after_init.get(class_name)
        if known is not None:
            return known
        names: set[str] = set()
        holder: Optional[str] = class_name
        seen: set[str] = set()
        while holder is not None and holder not in seen:
            seen.add(holder)
            model = self.classes.get(holder)
            if model is None:
                break
            for name, method in model.methods.items():
                params = [*method.params.posonly_params, *method.params.params]
                if name != "__init__" and params:
                    uses = _receiver_uses(method, params[0].name.value)
                    names |= uses.stored
                    names.update(attribute for attribute, called in uses.called_on.items()
                                 if any(not self._keeps_binding(method) for method in called))
            holder = model.base
        known = self.assigned_after_init[class_name] = frozenset(names)
        return known

    def _keeps_binding(self, method: str) -> bool:
        """Does ``self.x.method(...)`` leave ``self.x`` as its ``__init__`` value describes it? A method of a
        class of this file changes only the object's own attributes (checked where they are read), unless it
        moves it; an unknown method of an unknown object may change anything."""
        if method in _MOVING_METHODS:
            return False
        return method in _READING_METHODS or any(method in model.methods for model in self.classes.values())

    def instance_used(self, value: AbstractValue) -> None:
        """Code may have run on ``value`` (and on the instances it holds): none of them is fresh any longer."""
        keys = set(_instances_within(value))
        if not keys:
            return
        if self.state is not None:
            self.state.fresh = self.state.fresh - keys
        if self.capturing is not None:
            self.capturing.used_instances.update(keys)

    def instances_escape(self, values: Iterable[AbstractValue]) -> None:
        """Values handed to a call: the instances among them are used; a function of this file may reach any."""
        for value in values:
            if value.kind is Kind.FUNCTION:
                self.every_instance_used()
                return
            self.instance_used(value)

    def every_instance_used(self) -> None:
        """Code the walk cannot see ran (a callee it did not walk, a callback): no instance is fresh."""
        if self.state is not None:
            if self.capturing is not None:
                self.capturing.used_instances.update(self.state.fresh)
                self.capturing.uses_any = True
            self.state.fresh = frozenset()

    def module_method_used(self, receiver: AbstractValue, method: str) -> None:
        """A module method other than moving it or switching its mode may run user code on it. ``forward`` is
        judged where it is followed; a registered submodule's call (``self.cell(x)``) cannot reach its holder's
        attributes (``__init__`` handed ``self`` nowhere, or nothing of it is kept: see
        :meth:`record_initial_attributes`)."""
        if method in _KEEPING_METHODS or method == "forward" or self.find_method(receiver.class_name, method):
            return  # a method of the class is judged where it is followed (call_in_file)
        model = self.classes.get(receiver.class_name or "")
        if model is not None and method in model.initial_registered and model.initial[method].kind is Kind.MODULE:
            return
        self.instance_used(receiver)

    def outside_attribute_access(self, base_node: cst.BaseExpression, base: AbstractValue, attribute: str,
                                 store: bool) -> None:
        """``model.hidden = h`` or ``model.history.append(v)`` from outside its methods changes what ``__init__``
        left; reading a registered submodule (``model.fc``) does not."""
        if _instance_key(base) is None or self._is_own_receiver(base_node):
            return
        model = self.classes.get(base.class_name or "")
        if not store and model is not None and attribute in model.initial_registered \
                and model.initial[attribute].kind is Kind.MODULE:
            return
        self.instance_used(base)

    def instance_stored(self, value: AbstractValue) -> None:
        """``trainer.model = model`` / ``slots[k] = model``: code that reaches it there is not seen as reaching
        ``model``, so it is used from here on."""
        self.instance_used(value)

    def _is_own_receiver(self, node: cst.BaseExpression) -> bool:
        context = self.function
        return isinstance(node, cst.Name) and context is not None and context.class_model is not None \
            and bool(context.parameters) and node.value == context.parameters[0]

    def record_initial_attributes(self, model: ClassModel, init: cst.FunctionDef, leaving: Optional[State],
                                  receiver: str) -> None:
        """After ``__init__``'s own walk: the attributes it assigns, as its end state holds them (joined over its
        branches). Given up where the state is not the whole story: an early ``return``, ``self`` handed to other
        code, or attributes a method it calls (``self.reset()``) assigns."""
        uses = _receiver_uses(init, receiver)
        if leaving is None or uses.returns or uses.escapes:
            model.initial.clear()
            model.initial_registered.clear()
            return
        prefix = receiver + "."
        for path, value in leaving.values.items():
            name = path[len(prefix):] if path.startswith(prefix) else ""
            if name.isidentifier():
                model.define_initial(name, value, name in model.registered)

    def settle_initial_attributes(self, model: ClassModel) -> None:
        """Once a class is defined: drop what a method called by its ``__init__`` or a base's (``self.reset()``,
        resolved on this class, so an override counts) may have assigned after the assignment seen."""
        called: list[str] = []
        class_name: Optional[str] = model.name
        seen: set[str] = set()
        while class_name is not None and class_name not in seen:
            seen.add(class_name)
            holder = self.classes.get(class_name)
            if holder is None:
                break
            init = holder.methods.get("__init__")
            params = [*init.params.posonly_params, *init.params.params] if init is not None else []
            if init is not None and params:
                uses = _receiver_uses(init, params[0].name.value)
                if uses.escapes or uses.returns:
                    model.initial.clear()
                    model.initial_registered.clear()
                    return
                called.extend(uses.methods_called)
            class_name = holder.base
        for name in self._set_by_methods(model, called):
            model.initial.pop(name, None)
            model.initial_registered.discard(name)

    def _set_by_methods(self, model: ClassModel, called: Sequence[str]) -> set[str]:
        """The attributes the methods ``called`` (and the methods they call on ``self``) may assign."""
        names: set[str] = set()
        pending, seen = list(called), set()
        while pending:
            method = pending.pop()
            if method in seen:
                continue
            seen.add(method)
            found = self.find_method(model.name, method)
            if found is None:
                continue
            params = [*found[1].params.posonly_params, *found[1].params.params]
            if not params:
                continue
            uses = _receiver_uses(found[1], params[0].name.value)
            if uses.escapes:
                return set(model.initial)
            names |= uses.assigned
            pending.extend(uses.methods_called)
        return names


def _instance_key(value: AbstractValue) -> Optional[int]:
    origin = value.origin
    if value.kind is not Kind.MODULE or value.class_name is None or origin is None or origin.how != "created":
        return None
    return id(origin.node)


def _instances_within(value: AbstractValue, depth: int = 0) -> Iterable[int]:
    key = _instance_key(value)
    if key is not None:
        yield key
    if depth >= 2:
        return
    for item in (*(value.elements or ()), *(item for _, item in value.items or ())):
        yield from _instances_within(item, depth + 1)
    if value.source is not None:
        yield from _instances_within(value.source, depth + 1)


class _ReceiverUses(cst.CSTVisitor):
    """What a method does with its ``self``: the attributes it assigns or fills, the methods it calls on it,
    whether ``self`` itself goes anywhere else, and whether the body returns early."""

    def __init__(self, receiver: str) -> None:
        self.receiver = receiver
        self.assigned: set[str] = set()
        self.stored: set[str] = set()  # assigned by a statement (``self.x = ...``), not only filled by a call
        self.called_on: dict[str, set[str]] = {}  # ``self.x.method(...)``: the methods called on each attribute
        self.methods_called: list[str] = []
        self.escapes = False
        self.returns = False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and node.value.value == self.receiver:
            return False  # ``self.x``: the receiver itself is not handed anywhere
        return True

    def visit_Call(self, node: cst.Call) -> bool:
        func = node.func
        if isinstance(func, cst.Name) and func.value == "super":
            return False  # ``super(Net, self).__init__()``
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == self.receiver:
            self.methods_called.append(func.attr.value)
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute) \
                and isinstance(func.value.value, cst.Name) and func.value.value.value == self.receiver:
            self.assigned.add(func.value.attr.value)  # ``self.history.append(v)`` may fill it
            self.called_on.setdefault(func.value.attr.value, set()).add(func.attr.value)
        return True

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.receiver:
            self.escapes = True  # reached only where ``self`` is not the base of an attribute

    def visit_Param(self, node: cst.Param) -> bool:
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._note_target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._note_target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._note_target(node.target)

    def _note_target(self, target: cst.BaseExpression) -> None:
        targets = target.elements if isinstance(target, (cst.Tuple, cst.List)) else [target]
        for element in targets:
            node = element.value if isinstance(element, cst.BaseElement) else element
            while isinstance(node, cst.Subscript):
                node = node.value
            if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) \
                    and node.value.value == self.receiver:
                self.assigned.add(node.attr.value)
                self.stored.add(node.attr.value)

    def visit_Return(self, node: cst.Return) -> None:
        self.returns = True  # a nested function's too: giving up there costs only precision


# By method node (kept alive with its answer, so the id is not reused) and receiver name: what a method does with
# its ``self`` depends on its text alone, and every analysis of a file (each keystroke in an editor) asks again.
_USES_SEEN: dict[tuple[int, str], tuple[cst.FunctionDef, _ReceiverUses]] = {}
_USES_KEPT = 4096


def _receiver_uses(method: cst.FunctionDef, receiver: str) -> _ReceiverUses:
    key = (id(method), receiver)
    seen = _USES_SEEN.get(key)
    if seen is not None and seen[0] is method:
        return seen[1]
    uses = _ReceiverUses(receiver)
    method.body.visit(uses)
    if len(_USES_SEEN) >= _USES_KEPT:
        del _USES_SEEN[next(iter(_USES_SEEN))]  # the oldest
    _USES_SEEN[key] = (method, uses)
    return uses

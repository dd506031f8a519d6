"""Calls of the file's own functions and methods: what a call returns and does, in its caller's context.

A call whose arguments (or receiver, or grad mode) carry facts is followed:
the callee's body is walked with its parameters bound to the arguments' values,
with events on when the caller's are, so a bug that needs facts from both sides
(``train(model, loader)`` called with a model on CUDA, iterating a CPU loader)
is reported where it happens, in the callee. What the callee returns and the
calls it makes (``optimizer.zero_grad()``, ``loss.backward()``) flow back to the
caller, so a training loop that delegates to helpers is understood.

This is context-sensitive rather than a join over call sites: a finding made in
one context holds for that call, whatever other callers (in other files, or in
users' code) pass. Contexts are bounded (depth, and per function), cached per
(definition, context), and a call without informative arguments uses the
context-free summary: the callee walked once with its parameters unknown.
A summary is keyed by the definition's node, so an editor's next analysis
compares them by identity (see :mod:`tensorlens.analysis.memo`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from tensorlens.analysis import constants
from tensorlens.analysis import shapes as sh
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.constants import has_literal
from tensorlens.analysis.contract import CallSummary, Capture, Engine, SummaryKey
from tensorlens.analysis.events import Operand
from tensorlens.analysis.literals import constant_bool, literal_string
from tensorlens.analysis.local_names import assigned_names
from tensorlens.analysis.scopes import rebound_globals
from tensorlens.analysis.state import State
from tensorlens.analysis.values import NONE, SCALAR, UNKNOWN, AbstractValue, GraphNode, Kind, Located, Tri, tensor

Arguments = tuple[tuple[str, AbstractValue], ...]
"""Values a call passes, by parameter name."""

MAX_SUMMARY_DEPTH = 6
# Distinct contexts followed per definition; further calls use the context-free summary.
MAX_CONTEXTS_PER_FUNCTION = 8
# Kinds of value whose facts can change what a callee's body does.
_INFORMATIVE_KINDS = frozenset({Kind.TENSOR, Kind.MODULE, Kind.OPTIMIZER, Kind.NDARRAY, Kind.DEVICE,
                                Kind.PARAMETERS, Kind.DATASET})


@dataclass(frozen=True)
class _Context:
    """What a followed call passes in: the receiver, the informative arguments by parameter, the grad mode."""

    receiver: Optional[AbstractValue]
    arguments: tuple[tuple[str, AbstractValue], ...]
    grad_enabled: Tri
    fresh_receiver: bool = False  # nothing ran on the receiver since ``__init__`` (see instances.py)
    closure_site: Optional[int] = None  # a closure reads its definer's locals as they are at this call


class FunctionSummaries(Engine):
    """Part: calls of user functions and methods, context-free or followed in context."""

    def summary_of(self, function: cst.FunctionDef, class_model: Optional[ClassModel],
                   receiver: Optional[AbstractValue],
                   arguments: Arguments = ()) -> AbstractValue:
        """The join of every value ``function`` can return with its parameters unknown, or only roughly known
        (``arguments``: see :func:`rough_arguments`); UNKNOWN when unsure."""
        # The literals an instance was built with pick the branches its methods take (``activation='relu'``):
        # instances built with others get a summary of their own.
        key: SummaryKey = (function, (repr(receiver.device.value if receiver is not None else None),
                                      receiver.constructor_literals if receiver is not None else (), arguments))
        summary = self._summarize(function, class_model, key, receiver, dict(arguments), None, emit=False)
        return summary.result

    def call_in_file(self, node: cst.Call, function: cst.FunctionDef, class_model: Optional[ClassModel],
                     receiver: Optional[AbstractValue], args: Sequence[Operand],
                     keywords: Sequence[tuple[str, Operand]]) -> AbstractValue:
        """A call of ``function`` (a method when ``receiver`` is given): followed in context when its
        arguments carry facts, else its context-free summary."""
        assert self.state is not None
        complete = not any(arg.star for arg in node.args)
        bound = bind_arguments(function, receiver is not None and not is_static(function), args, keywords, complete)
        # A size passed in (``self.block(64, 128)``) is a context too: the layers the callee builds depend on it.
        # So is a literal (``criterion('ce', ...)``, a config dict of them): the callee's branches test it.
        arguments = tuple((name, value) for name, value in bound.items()
                          if _informative(value) or value is NONE or value.integer is not None or has_literal(value))
        grad = self.state.grad_enabled
        self._note_call_site(function, grad)
        if self.may_rebind_globals:
            for name in self.declared_globals(function):
                self.state.bind(name, UNKNOWN)  # the call may rebind it (``global name``)
        fresh = receiver is not None and self.is_fresh(receiver)
        if receiver is not None:
            self.instance_used(receiver)  # the method may reassign what __init__ left
        contexts = self.contexts_followed.setdefault(id(function), set())
        constructed = receiver is not None and receiver.own_attributes is not None
        context = _Context(receiver if receiver is not None and (_informative(receiver) or constructed) else None,
                           arguments, grad,
                           fresh and receiver is not None and _informative(receiver),
                           id(node) if id(function) in self.defined_in else None)
        if (not arguments and context.receiver is None and grad is Tri.YES and context.closure_site is None) or \
                (context not in contexts and len(contexts) >= MAX_CONTEXTS_PER_FUNCTION):
            self.forget_training_steps()  # its calls are not known here
            rough = rough_arguments(function, bound)
            free: SummaryKey = (function, (repr(receiver.device.value if receiver is not None else None),
                                           receiver.constructor_literals if receiver is not None else (), rough,
                                           receiver.own_attributes if receiver is not None else None))
            defaults = literal_defaults(function, bound) if complete else {}
            if defaults:
                free = (function, (free[1], tuple(sorted(defaults))))
            unfollowed = self._summarize(function, class_model, free, receiver, {**defaults, **dict(rough)}, None,
                                         emit=False)
            self._carry_instances_used(unfollowed)
            return self._fresh_graph(with_histories(unfollowed.result, rough, bound), args)
        contexts.add(context)
        key: SummaryKey = (function, context)
        # A literal default is the same in every context: bound for the walk, not part of the context's key.
        walked = {**literal_defaults(function, bound), **bound} if complete else dict(bound)
        summary = self._summarize(function, class_model, key, receiver, walked, grad, emit=True,
                                  fresh=context.fresh_receiver)
        self._carry_instances_used(summary)
        self.followed_calls.add(id(node))
        self.forget_training_steps_of(summary.calls)
        if self.loops:
            self.loops[-1].calls.extend(summary.calls)
        if self.capturing is not None:
            self.capturing.calls.extend(summary.calls)
        if summary.clears_grads:
            self.note_grads_cleared()
        result = self._fresh_graph(summary.result, args)
        self._carry_autograd_effects(summary)
        self._carry_receiver_move(node, receiver, summary.receiver_exit)
        if complete:
            self._carry_grown_arguments(function, receiver is not None and not is_static(function), args, keywords,
                                        summary.grown_arguments)
        return result

    def construct_instance(self, node: cst.Call, instance: AbstractValue, args: Sequence[Operand],
                           keywords: Sequence[tuple[str, Operand]]) -> AbstractValue:
        """``Trainer(model, opt)``: ``__init__`` walked with what this call passes (and the literal defaults it
        leaves), silently; the instance carries what it leaves in each attribute (see instances.py). The class
        model, built once with the parameters unknown, stays as it is."""
        if instance.class_name is None or self.constructing >= MAX_SUMMARY_DEPTH or any(a.star for a in node.args):
            return instance
        found = self.find_method(instance.class_name, "__init__")
        if found is None:
            return instance
        model, init = found
        bound = bind_arguments(init, True, args, keywords)
        arguments = tuple((name, value) for name, value in bound.items()
                          if _informative(value) or value is NONE or value.integer is not None or has_literal(value))
        defaults = literal_defaults(init, bound)
        if not arguments and not defaults:
            return instance  # nothing this call knows that the class model does not
        key: SummaryKey = (init, ("an instance", arguments))
        self.constructing += 1
        try:
            summary = self._summarize(init, model, key, instance, {**defaults, **bound}, Tri.YES, emit=False)
        finally:
            self.constructing -= 1
        if not summary.receiver_attributes:
            return instance
        return instance.but(own_attributes=summary.receiver_attributes)

    def _carry_grown_arguments(self, function: cst.FunctionDef, method: bool, args: Sequence[Operand],
                               keywords: Sequence[tuple[str, Operand]],
                               grown: tuple[tuple[str, AbstractValue], ...]) -> None:
        """A list or module container the callee appended to is the caller's: ``add(layers, conv)`` grows
        ``layers`` here too."""
        if not grown:
            return
        positional = [p.name.value for p in (*function.params.posonly_params, *function.params.params)]
        if method and positional:
            positional = positional[1:]
        passed = dict(zip(positional, args))
        passed.update((name, operand) for name, operand in keywords if name not in passed)
        for name, leaving in grown:
            operand = passed.get(name)
            if operand is not None and isinstance(operand.node, cst.BaseExpression) \
                    and self.path_of(operand.node) is not None:
                self.rebind(operand, leaving)

    def _carry_instances_used(self, summary: CallSummary) -> None:
        """The instances the callee ran code on are used in the caller too (all of them, for a body not walked)."""
        if summary.uses_any:
            self.every_instance_used()
        for key in summary.used_instances:
            if self.state is not None:
                self.state.fresh = self.state.fresh - {key}
            if self.capturing is not None:
                self.capturing.used_instances.add(key)

    def _carry_receiver_move(self, node: cst.Call, receiver: Optional[AbstractValue],
                             leaving: Optional[AbstractValue]) -> None:
        """``self.to(self.device)`` in a method (``fit()``, a base class's ``setup()``) moves the module it was
        called on: the caller's variable (or ``self``, for ``super().fit()``) is on that device afterwards."""
        assert self.state is not None
        if receiver is None or leaving is None or leaving.kind is not Kind.MODULE or receiver.kind is not Kind.MODULE \
                or leaving.device == receiver.device or not isinstance(node.func, cst.Attribute):
            return
        target = node.func.value
        if is_super_call(target):
            path = self.function.parameters[0] if self.function is not None and self.function.parameters else None
        else:
            path = self.path_of(target)
        if path is not None and self.state.get(path) is not None:
            self.state.bind(path, receiver.but(device=leaving.device))

    def _carry_autograd_effects(self, summary: CallSummary) -> None:
        """What the callee changed in place of saved tensors, and what its backward() freed, holds after the
        call: the caller's backward() through those nodes raises."""
        assert self.state is not None
        for graph_node, write in summary.modified:
            if graph_node not in self.state.freed:
                self.state.modified.setdefault(graph_node, write)
        for graph_node, call in summary.freed:
            self.state.freed.setdefault(graph_node, call)

    def _fresh_graph(self, result: AbstractValue, args: Sequence[Operand]) -> AbstractValue:
        """Each call of a function runs its ops again: the graph nodes its result holds that its arguments did
        not bring are new ones, whatever an earlier backward() freed or an in-place write changed."""
        if self.state is None:
            return result
        made = _graphs_within(result)
        if not made:
            return result
        brought: set[GraphNode] = set()
        for arg in args:
            brought.update(_graphs_within(arg.value))
        for node in made - brought:
            self.state.freed.pop(node, None)
            self.state.modified.pop(node, None)
        return result

    def declared_globals(self, function: cst.FunctionDef) -> frozenset[str]:
        """The names ``function`` declares ``global`` (it may rebind them)."""
        known = self.globals_declared.get(id(function))
        if known is None:
            known = self.globals_declared[id(function)] = frozenset(rebound_globals(function))
        return known

    def call_site_grad_mode(self, function: cst.FunctionDef) -> Optional[Tri]:
        """The grad mode at every call of ``function`` seen so far (joined); None when none was seen."""
        callers = self.call_site_grad.get(id(function))
        if not callers:
            return None
        modes = iter(callers.values())
        joined = next(modes)
        for mode in modes:
            joined = joined.join(mode)
        return joined

    def _note_call_site(self, function: cst.FunctionDef, grad: Tri) -> None:
        if self.summarizing:
            return  # a walk in some caller's context: the caller's own walk says how it calls
        caller = id(self.function.node) if self.function is not None and self.function.node is not None else 0
        callers = self.call_site_grad.setdefault(id(function), {})
        known = callers.get(caller)
        callers[caller] = grad if known is None else known.join(grad)

    def _summarize(self, function: cst.FunctionDef, class_model: Optional[ClassModel], key: SummaryKey,
                   receiver: Optional[AbstractValue], bound: dict[str, AbstractValue], grad: Optional[Tri],
                   emit: bool, fresh: bool = False) -> CallSummary:
        known = self.summaries.get(key)
        # A summary made in a fixed-point pass told the rules nothing: the emitting pass walks again.
        wanted_events = emit and not self.muted
        if known is not None and (known.emitted or not wanted_events):
            summary = known
        else:
            summary = self._walk_callee(function, class_model, key, receiver, bound, grad, wanted_events, fresh)
        if self.recording is not None:  # a recorded analysis depends on the summaries it used
            self.recording.summaries_read.append((key, summary, known is not None))
        return summary

    def _walk_callee(self, function: cst.FunctionDef, class_model: Optional[ClassModel], key: SummaryKey,
                     receiver: Optional[AbstractValue], bound: dict[str, AbstractValue], grad: Optional[Tri],
                     with_events: bool, fresh: bool = False) -> CallSummary:
        if function.asynchronous is not None or self.is_generator(function):
            return self._store(key, CallSummary(UNKNOWN, (), with_events))
        if id(function) in self.summarizing or len(self.summarizing) >= MAX_SUMMARY_DEPTH:
            return CallSummary(UNKNOWN)  # recursion, or too deep: unknown, and not kept
        # Another module's function walked in this file's context: its findings are its module's (the engine
        # places them in that file), made with what this file passes in.
        foreign = self.foreign_functions.get(id(function))
        self.summaries.setdefault(key, CallSummary(UNKNOWN))  # re-entry sees "unknown"
        self.summarizing.add(id(function))
        saved_returns, self.returns = self.returns, []
        saved_capture, self.capturing = self.capturing, Capture()
        params = [param.name.value for param in (*function.params.posonly_params, *function.params.params)]
        if receiver is not None and receiver.kind is Kind.MODULE and params and not is_static(function):
            self.capturing.receiver = params[0]
        if receiver is not None and params and function.name.value == "__init__" and not is_static(function):
            self.capturing.attributes_of = params[0]
        rebound = assigned_names(function)
        self.capturing.containers_in = {name: value for name, value in bound.items()
                                        if name not in rebound and _is_container(value)}
        if not with_events:
            self.muted += 1
        try:
            enclosing = foreign.state.copy() if foreign is not None else self.enclosing_state(function)
            origin = receiver.origin if receiver is not None else None
            self.entering_fresh = id(origin.node) if fresh and origin is not None else None
            self.analyze_function(function, enclosing, class_model, bound, self_value=receiver, nested=False,
                                  grad_mode=grad)
            result = UNKNOWN
            if self.returns and self.falls_off_end is False:
                result = self.returns[0]
                for value in self.returns[1:]:
                    result = result.join(value)
            capture = self.capturing
            calls = tuple({id(call.node): call for call in capture.calls}.values())
            grown = tuple((name, leaving) for name, leaving in capture.containers_out.items()
                          if leaving != capture.containers_in[name] and _is_container(leaving))
        finally:
            if not with_events:
                self.muted -= 1
            self.returns = saved_returns
            self.capturing = saved_capture
            self.summarizing.discard(id(function))
        return self._store(key, CallSummary(result, calls, with_events, capture.clears_grads,
                                            tuple(capture.modified.items()), tuple((capture.freed or {}).items()),
                                            capture.receiver_exit, grown, tuple((capture.attributes or {}).items()),
                                            frozenset(capture.used_instances), capture.uses_any))

    def _store(self, key: SummaryKey, summary: CallSummary) -> CallSummary:
        self.summaries[key] = summary
        return summary

    def enclosing_state(self, callee: Optional[cst.FunctionDef] = None) -> State:
        """The scope a callee of this file sees: the module as it is now (at a call on the module's top
        level) or as it ended (at a call inside a function); a closure sees the function it is defined in
        as that function is now (its locals are read when the closure runs, not when it was defined)."""
        parent = self.defined_in.get(id(callee)) if callee is not None else None
        if parent is not None and self.function is not None and self.function.node is not None \
                and id(self.function.node) == parent and self.state is not None:
            return self.state.copy()
        if parent is not None and parent in self.suspended_states:
            return self.suspended_states[parent].copy()
        if self.function is None and self.state is not None:
            return self.state.copy()
        if self.function is not None and self.function.scope is not None:
            return self.function.scope.copy()
        return self.module_state.copy()

    def is_generator(self, function: cst.FunctionDef) -> bool:
        """A body with ``yield`` returns a generator, not its return values."""
        if not self.may_yield:
            return False  # walking every body to find no yield took a third of an editor's analysis
        found = self.generators.get(id(function))
        if found is None:
            finder = _YieldFinder()
            function.body.visit(finder)
            found = self.generators[id(function)] = finder.found
        return found


def bind_arguments(function: cst.FunctionDef, method: bool, args: Sequence[Operand],
                   keywords: Sequence[tuple[str, Operand]], complete: bool = True) -> dict[str, AbstractValue]:
    """The parameters a call binds, by name (``self`` excluded for a method). ``complete``: the call passes no
    ``*args``/``**kwargs``, so a parameter it leaves out takes its default (a ``None`` default binds None)."""
    params = function.params
    positional = [p.name.value for p in (*params.posonly_params, *params.params)]
    if method and positional:
        positional = positional[1:]
    bound: dict[str, AbstractValue] = {}
    for name, operand in zip(positional, args):
        bound[name] = operand.value
    keyword_names = {p.name.value for p in (*params.params, *params.kwonly_params)}
    for name, operand in keywords:
        if name in keyword_names and name not in bound:
            bound[name] = operand.value
    if complete:
        # A parameter the call leaves out takes its default: ``hidden=None`` is None in this context.
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            name = param.name.value
            if name not in bound and isinstance(param.default, cst.Name) and param.default.value == "None":
                bound[name] = NONE
    return bound


def _is_container(value: AbstractValue) -> bool:
    """A list, or a module container, whose items the engine knows (in order or as "any item")."""
    if value.kind is Kind.SEQUENCE:
        return value.elements is not None or value.source is not None
    return value.kind is Kind.MODULE and (value.elements is not None or value.any_child is not None)


def literal_defaults(function: cst.FunctionDef, bound: dict[str, AbstractValue]) -> dict[str, AbstractValue]:
    """The parameters a call leaves out whose default is a string, bool or number literal (``activation='relu'``,
    ``std=1.0``)."""
    defaults: dict[str, AbstractValue] = {}
    params = function.params
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        name = param.name.value
        if name not in bound and param.default is not None:
            literal = default_literal(param.default) or _number(param.default) or _numbers(param.default)
            if literal is not None:
                defaults[name] = literal
    return defaults


def _numbers(node: cst.BaseExpression) -> Optional[AbstractValue]:
    """A tuple of number literals (``patch_size=(4, 4)``), as a tuple of numbers."""
    if not isinstance(node, cst.Tuple) or not node.elements \
            or any(isinstance(element, cst.StarredElement) for element in node.elements):
        return None
    items = [_number(element.value) for element in node.elements]
    if any(item is None for item in items):
        return None
    return AbstractValue(kind=Kind.SEQUENCE, elements=tuple(item for item in items if item is not None))


def _number(node: cst.BaseExpression) -> Optional[AbstractValue]:
    """A number literal default (``1.0``, ``-1e-3``), as a number; an int with the size it holds (``H=28``)."""
    sign = 1
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        sign = -1 if isinstance(node.operator, cst.Minus) else 1
        node = node.expression
    if isinstance(node, cst.Integer):
        try:
            return SCALAR.but(integer=sh.literal(sign * int(node.value, 0)))
        except ValueError:
            return SCALAR
    return SCALAR if isinstance(node, cst.Float) else None


def default_literal(node: cst.BaseExpression) -> Optional[AbstractValue]:
    """A parameter default spelt as a string or bool literal, as a value."""
    flag = constant_bool(node)
    if flag is not None:
        return constants.boolean(flag)
    text = literal_string(node)
    return constants.string(text) if text is not None else None


def is_static(function: cst.FunctionDef) -> bool:
    """A ``@staticmethod``: no receiver is bound."""
    return has_decorator(function, "staticmethod")


def is_super_call(node: cst.CSTNode) -> bool:
    """``super()`` (or ``super(Cls, self)``)."""
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "super"


def has_decorator(function: cst.FunctionDef, name: str) -> bool:
    """Is ``@name`` among the function's decorators?"""
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == name for d in function.decorators)


def _graphs_within(value: AbstractValue, depth: int = 0) -> frozenset[GraphNode]:
    """The graph nodes ``value`` holds, its items' included (``return loss, mse, ce`` returns three graphs)."""
    graphs = value.graph
    if depth >= 3:
        return graphs
    inner = [*(value.elements or ()), *(item for _, item in value.items or ())]
    for item in inner:
        graphs = graphs | _graphs_within(item, depth + 1)
    return graphs


def rough_arguments(function: cst.FunctionDef, bound: dict[str, AbstractValue]) -> Arguments:
    """What a call passes, reduced to facts many calls share: tensors by device and grad state (no shape, no
    origin; their history is one stand-in node per parameter, see :func:`with_histories`), literals as they
    are. A call past the context limit is summarized with these, so that a block's ``F.relu`` of a tensor
    requiring grad is still known to save its output."""
    params = {param.name.value: param for param in (*function.params.posonly_params, *function.params.params,
                                                    *function.params.kwonly_params)}
    rough = []
    for name, value in bound.items():
        if value.kind is Kind.TENSOR and name in params:
            history = frozenset({GraphNode(params[name], f"argument {name}")})
            rough.append((name, tensor(None, Located(value.device.value), Located(value.requires_grad.value),
                                       is_leaf=value.is_leaf, has_grad_fn=value.has_grad_fn, graph=history)))
        elif value.literal is not None or value is NONE:
            rough.append((name, value))
    return tuple(rough)


def with_histories(result: AbstractValue, rough: Arguments,
                   bound: dict[str, AbstractValue]) -> AbstractValue:
    """A summary made from rough arguments, with each parameter's stand-in history replaced by the history
    the call really passed (backward from the result runs through it only where the stand-in says so)."""
    stand_ins = {node: bound[name].graph for name, value in rough for node in value.graph}
    if not stand_ins:
        return result

    placeholders = frozenset(stand_ins)

    def restored(value: AbstractValue, depth: int = 0) -> AbstractValue:
        present = value.graph & placeholders
        if present:
            real: frozenset[GraphNode] = frozenset()
            for node in present:
                real = real | stand_ins[node]
            value = value.but(graph=(value.graph - placeholders) | real)
        if value.elements is not None and depth < 3:
            value = value.but(elements=tuple(restored(element, depth + 1) for element in value.elements))
        return value

    return restored(result)


def _informative(value: AbstractValue) -> bool:
    return value.kind in _INFORMATIVE_KINDS


class _YieldFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> bool:
        self.found = True
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # a nested function's yields are its own

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False



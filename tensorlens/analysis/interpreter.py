"""The abstract interpreter: one walk over a file's statements, in program order.

It keeps a :class:`State` of facts per program point, joins facts where
control flow merges, iterates loops to a fixed point (emitting events only on
the final, stable pass), analyzes function bodies after their enclosing scope
with parameters unknown, and models ``nn.Module`` subclasses from their
``__init__``. Expressions and calls live in the mixins it is built from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.array_shapes import ArrayShapes
from tensorlens.analysis.calls import CallSemantics
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import (
    EVERY_MODULE,
    CallSummary,
    Capture,
    DeferredFunction,
    FunctionContext,
    LoopFrame,
    RecordedFact,
    SummaryKey,
    module_key,
)
from tensorlens.analysis.events import Accumulation, Call, Event, LoopAnalyzed, Operand
from tensorlens.analysis.expressions import ExpressionEvaluator
from tensorlens.analysis.imports import ImportResolver, ModuleSummary
from tensorlens.analysis.instances import InstanceStates
from tensorlens.analysis.interprocedural import FunctionSummaries, is_static
from tensorlens.analysis.local_names import local_names
from tensorlens.analysis.memo import FunctionMemo, Recording, TrackedClasses
from tensorlens.analysis.module_shapes import ModuleShapes
from tensorlens.analysis.scopes import rebound_globals
from tensorlens.analysis.shape_guards import ShapeGuards
from tensorlens.analysis.shape_semantics import ShapeSemantics
from tensorlens.analysis.size_facts import SizeSemantics
from tensorlens.analysis.size_names import SizeNames
from tensorlens.analysis.state import State, join_all
from tensorlens.analysis.statement_memo import DocumentMemo
from tensorlens.analysis.statements import StatementExecutor
from tensorlens.analysis.training_steps import TrainingSteps
from tensorlens.analysis.values import UNKNOWN, AbstractValue, Kind, Tri

MAX_LOOP_ITERATIONS = 3
# Rounds of walking again the module's functions whose calls turned out to run without grad (a chain of
# helpers under a @torch.no_grad() method settles one link per round).
MAX_GRAD_ROUNDS = 4
# Loops nested deeper than this inside an enclosing loop's silent passes get one pass, not a fixed point.
MAX_ITERATED_LOOP_DEPTH = 4


@dataclass
class _HeldAnalysis:
    """A module-level function's walk whose events wait for every other function's (see run_deferred_functions)."""

    function: cst.FunctionDef
    class_model: Optional[ClassModel]
    defaults: dict[str, AbstractValue]
    grad: Optional[Tri]
    events: list[Event] = field(default_factory=list)
    nested: set[int] = field(default_factory=set)  # the functions defined inside it, walked with it


class Interpreter(StatementExecutor, ExpressionEvaluator, CallSemantics, FunctionSummaries, TrainingSteps,
                  ShapeSemantics, ModuleShapes, ShapeGuards, ArrayShapes, SizeSemantics, SizeNames, InstanceStates):
    """Walks one module and hands every event to ``emit``."""

    def __init__(self, module: cst.Module, emit: Callable[[Event], None], record_facts: bool = False,
                 may_yield: bool = True, memo: Optional[FunctionMemo] = None, may_rebind_globals: bool = True,
                 may_freeze: bool = False,
                 resolver: Optional[ImportResolver] = None, module_name: Optional[str] = None,
                 is_package: bool = False):
        self.module = module
        self.resolver = resolver
        self.module_name = module_name
        self.is_package = is_package
        self.imported: dict[str, ModuleSummary] = {}
        self.foreign_functions: dict[int, ModuleSummary] = {}
        self.may_rebind_globals = may_rebind_globals  # False when the source has no ``global`` anywhere
        # The source turns requires_grad off somewhere, maybe in a method walked after the one that uses the
        # parameters: a module the engine cannot identify may be the frozen one.
        self.may_freeze = may_freeze
        self.memo = memo  # an editor's record of the previous analysis' functions, to replay
        self.recording: Optional[Recording] = None  # what the function being recorded for the memo reads
        self.may_yield = may_yield  # False when the source has no ``yield`` anywhere
        self.generators: dict[int, bool] = {}
        self._emit = emit
        self.record_facts = record_facts
        self.facts: list[RecordedFact] = []
        self.state: Optional[State] = State()
        self.muted = 0
        self.loops: list[LoopFrame] = []
        self.classes: TrackedClasses = TrackedClasses()
        self.classes_waiting: dict[str, list[str]] = {}
        self.names_unbound: Optional[set[str]] = None
        self.star_modules: list[str] = []
        self.function: Optional[FunctionContext] = None
        self.deferred: list[DeferredFunction] = []
        self.analyzed_functions: set[int] = set()
        self.next_alias = 0
        # The statement being executed (fixes rewrite whole statements).
        self.statement: Optional[cst.CSTNode] = None
        # Set once the file turns requires_grad off on some parameter (fine-tuning, freezing).
        self.parameters_frozen: frozenset[Hashable] = frozenset()
        self.collecting_attributes = False
        self.entering_fresh: Optional[int] = None
        # Function summaries: cached return values, the ones being computed, returns collected.
        self.summaries: dict[SummaryKey, CallSummary] = {}
        self.contexts_followed: dict[int, set[Hashable]] = {}
        self.followed_calls: set[int] = set()
        self.capturing: Optional[Capture] = None
        self.call_site_grad: dict[int, dict[int, Tri]] = {}
        self.globals_declared: dict[int, frozenset[str]] = {}
        self.summarizing: set[int] = set()
        self.returns: Optional[list[AbstractValue]] = None
        self.falls_off_end: Optional[bool] = None
        self.module_state = State()
        self.function_definitions: dict[int, cst.FunctionDef] = {}
        self.defined_in: dict[int, int] = {}
        self.suspended_states: dict[int, State] = {}
        self.function_locals: dict[int, frozenset[str]] = {}
        self.constructing = 0
        self.assigned_after_init: dict[str, frozenset[str]] = {}
        self.mentions_grad: dict[int, bool] = {}  # by id of a FunctionDef: does its body say "grad"?
        self.outside_writes: dict[int, frozenset[str]] = {}  # by id of a cst.Module: see outside_writes.py

    # --- entry point ------------------------------------------------------------

    def run(self, bodies: bool = True) -> None:
        """Analyze the whole module: top-level code, then (``bodies``) every function body. An importer's
        summary needs only the first: the bodies are walked when a call reaches them."""
        if isinstance(self.memo, DocumentMemo):  # an editor's: unchanged top-level statements are replayed
            self.memo.statements.exec_module(self, list(self.module.body))
        else:
            self.exec_block(self.module.body)
        if not bodies:
            self.module_state = self.state or State()
            return
        self.module_state = self.state or State()
        # A global some function rebinds (``global x``) may hold anything when another function reads it.
        for name in rebound_globals(self.module) if self.may_rebind_globals else ():
            self.module_state.bind(name, UNKNOWN)
        self.run_deferred_functions(self.module_state)

    def run_deferred_functions(self, enclosing: State) -> None:
        """Analyze the functions defined in the scope that just ended.

        Last defined first: code calls what it defined earlier (helpers, then ``train``, then ``main``), so a
        function is mostly walked after its callers, whose calls tell how it is called (under ``torch.no_grad()``
        or not). At the module's level, where callers may also come later (a class's public method before the
        helpers it calls), each function's events are held until every function was walked; one whose calls
        turned out to run without grad (every one, or only some) is walked again in that mode, and only then
        do the events reach the rules.
        """
        pending, self.deferred = self.deferred, []
        top = self.function is None and not self.muted
        held: list[_HeldAnalysis] = []
        for function, _, class_model, defaults in reversed(pending):
            if id(function) in self.analyzed_functions:
                continue
            self.analyzed_functions.add(id(function))
            job = _HeldAnalysis(function, class_model, defaults, self.grad_for(function))
            if top:
                self._walk_held(job, enclosing)
                held.append(job)
            else:
                self.analyze_function(function, enclosing, class_model, defaults, grad_mode=job.grad)
        for _ in range(MAX_GRAD_ROUNDS if top else 0):
            stale = [job for job in held if self.grad_for(job.function) is not job.grad]
            if not stale:
                break
            for job in stale:
                for callers in self.call_site_grad.values():
                    callers.pop(id(job.function), None)  # what its superseded walk said of its callees
                self.analyzed_functions -= job.nested
                job.grad = self.grad_for(job.function)
                self._walk_held(job, enclosing)
        for job in held:
            for event in job.events:
                self._emit(event)

    def grad_for(self, function: cst.FunctionDef) -> Optional[Tri]:
        """The grad mode to walk ``function`` in: NO when every call of it seen runs without grad (an init
        helper called under ``with torch.no_grad():``), UNKNOWN when only some do, None (grad on) otherwise."""
        mode = self.call_site_grad_mode(function)
        return None if mode is None or mode is Tri.YES else mode

    def _walk_held(self, job: _HeldAnalysis, enclosing: State) -> None:
        before = set(self.analyzed_functions)
        saved, job.events = self._emit, []
        self._emit = job.events.append
        try:
            if self.memo is not None:
                self.memo.analyze(self, job.function, enclosing, job.class_model, job.defaults, job.grad)
            else:
                self.analyze_function(job.function, enclosing, job.class_model, job.defaults, grad_mode=job.grad)
        finally:
            self._emit = saved
        job.nested = self.analyzed_functions - before

    # --- events -------------------------------------------------------------------

    def emit(self, event: Event) -> None:
        """Send an event to the rules, unless this is a fixed-point pass."""
        if isinstance(event, Call) and self.capturing is not None:
            self.capturing.calls.append(event)  # a followed callee's calls, for its caller's loops
        if isinstance(event, Call):
            self.note_training_call(event)
        if self.muted:
            return
        if isinstance(event, Call) and self.loops:
            self.loops[-1].calls.append(event)
        self._emit(event)

    def record(self, node: cst.CSTNode, text: str, value: AbstractValue) -> None:
        if self.record_facts and not self.muted and value.kind is not UNKNOWN.kind:
            self.facts.append(RecordedFact(node, text, value))

    def forward_input_name(self) -> Optional[str]:
        """forward()'s input parameter, if its name still holds the input here (not rebound)."""
        name = self.function.input_name if self.function is not None else None
        value = self.state.get(name) if name is not None and self.state is not None else None
        origin = value.device.origin if value is not None else None
        if origin is None or not isinstance(origin.node, cst.Param) or origin.node.name.value != name:
            return None
        return name

    def spelling(self, qualified: str) -> Optional[str]:
        """How the code here names an API: ``T.no_grad`` after ``import torch as T``; None if unnamed."""
        assert self.state is not None
        top = qualified.split(".", 1)[0]
        value = self.state.get(top)
        if value is not None and value.qualified == top:
            return qualified
        for name, value in self.state.values.items():
            bound = value.qualified
            if value.kind is Kind.API and bound and "." not in name and "[" not in name and \
                    (qualified == bound or qualified.startswith(bound + ".")):
                return name + qualified[len(bound):]
        return None

    def new_alias_id(self) -> int:
        self.next_alias += 1
        return self.next_alias

    # --- loops -----------------------------------------------------------------------

    def run_loop(self, node: cst.For | cst.While, enter: Callable[[State], None], body: cst.BaseSuite,
                 orelse: Optional[cst.Else], runs_once: bool = False) -> None:
        """Iterate a loop body to a fixed point, then walk it once more with events on.

        ``enter`` prepares a state for one iteration (binds the loop target or
        evaluates the while-condition). ``runs_once``: the body surely runs at
        least once, so the state after the loop is that of some iteration's end,
        never the state before it (``for i in range(2)`` keeps what the body built).
        """
        assert self.state is not None
        # Iterating every level of a loop nest to its own fixed point costs up to 4 passes per level, so
        # nested loops would take exponential time; deep inside the silent passes of enclosing loops one
        # pass (the one below) is enough, and the emitting pass still iterates each loop in full.
        deep = self.muted and len(self.loops) >= MAX_ITERATED_LOOP_DEPTH
        entry = self.state.copy()
        stable: Optional[State] = None
        self.muted += 1
        try:
            for _ in range(0 if deep else MAX_LOOP_ITERATIONS):
                end = self._one_iteration(node, entry, enter, body)
                widened = entry.join(end) if end is not None else entry
                if widened.same_as(entry):
                    stable = end
                    break
                entry = widened
        finally:
            self.muted -= 1
        frame = self._one_iteration_frame(node, self.next_iteration_entry(entry, stable), enter, body)
        exits = [self.state, *frame.breaks] if runs_once else [entry, self.state, *frame.breaks]
        self.state = join_all(exits)
        if self.state is not None:
            self.state.iteration_bound = entry.iteration_bound
        if orelse is not None and self.state is not None:
            self.exec_suite(orelse.body)
        if self.loops:
            self.loops[-1].calls.extend(frame.calls)
            self.loops[-1].clears_grads |= frame.clears_grads
            self.loops[-1].may_clear_grads |= frame.may_clear_grads
        zeroes, cleared = self.loop_zeroes_grads(frame.calls, frame.clears_grads)
        if zeroes is Tri.NO and frame.may_clear_grads:
            zeroes = Tri.UNKNOWN
        if frame.may_clear_grads:
            cleared = None
        self.emit(LoopAnalyzed(node, tuple(frame.calls), zeroes, cleared))

    def _one_iteration(self, node: cst.For | cst.While, entry: State, enter: Callable[[State], None],
                       body: cst.BaseSuite) -> Optional[State]:
        frame = self._one_iteration_frame(node, entry, enter, body)
        return join_all([self.state, *frame.continues])

    def _one_iteration_frame(self, node: cst.For | cst.While, entry: State, enter: Callable[[State], None],
                             body: cst.BaseSuite) -> LoopFrame:
        frame = LoopFrame(node)
        self.loops.append(frame)
        try:
            self.state = entry.copy()
            self.state.iteration_bound = frozenset()
            enter(self.state)
            self.exec_suite(body)
            self.state = join_all([self.state, *frame.continues])
        finally:
            self.loops.pop()
        return frame

    def note_frozen(self, module: Optional[AbstractValue]) -> None:
        """The parameters of ``module`` (of some module, when None) may no longer require grad."""
        key = module_key(module)
        self.parameters_frozen = self.parameters_frozen | {EVERY_MODULE if key is None else key}

    def may_be_frozen(self, module: Optional[AbstractValue]) -> bool:
        """May the file have turned requires_grad off on the parameters of ``module`` (or a module holding it)?"""
        if not self.parameters_frozen:
            return self.may_freeze and module_key(module) is None
        if EVERY_MODULE in self.parameters_frozen:
            return True
        seen = 0
        while module is not None and seen < 16:  # a submodule's ``source`` is the module holding it
            key = module_key(module)
            if key is None:
                return True
            if key in self.parameters_frozen:
                return True
            module, seen = module.source if module.kind is Kind.MODULE else None, seen + 1
        return False

    def note_grads_cleared(self) -> None:
        """Some ``.grad`` was written here (``p.grad = None``): the enclosing loop clears gradients."""
        if self.loops and not self.muted:
            self.loops[-1].clears_grads = True
        if self.capturing is not None:
            self.capturing.clears_grads = True

    def note_accumulation(self, node: cst.CSTNode, target: Operand, value: Operand) -> None:
        """``target += value`` in a loop (graph-accumulation rules want it)."""
        if self.loops:
            assert self.state is not None
            path = self.path_of(target.node) if isinstance(target.node, cst.BaseExpression) else None
            bound = self.state.iteration_bound
            carried = path is not None and bound is not None and path not in bound
            self.emit(Accumulation(node, target, value, self.loops[-1].node, self.state.grad_enabled, carried))

    # --- functions ------------------------------------------------------------------

    def analyze_function(self, function: cst.FunctionDef, enclosing: State,
                         class_model: Optional[ClassModel], defaults: dict[str, AbstractValue],
                         self_value: Optional[AbstractValue] = None, nested: bool = True,
                         grad_mode: Optional[Tri] = None) -> None:
        """Walk a function body with its parameters bound to what is known of them.

        ``self_value`` overrides what ``self`` is (a summary for one receiver);
        ``nested=False`` skips the functions defined inside (a summary needs none);
        ``grad_mode`` is the caller's, unless a decorator of the function sets it.
        """
        saved = (self.state, self.function, self.loops, self.deferred)
        caller = id(self.function.node) if self.function is not None and self.function.node is not None else None
        caller_was = self.suspended_states.get(caller) if caller is not None else None
        if caller is not None and self.state is not None:
            self.suspended_states[caller] = self.state  # what a closure of the caller sees while it waits
        state = enclosing.copy()
        state.pending_writes = {}
        state.freed, state.modified, state.iteration_bound = {}, {}, None
        locals_ = self.locals_of(function)
        for name in locals_:  # the enclosing scope's value of a name the function binds is not what it reads
            if name in state.values:
                state.bind(name, UNKNOWN)
        state.unbound = locals_
        # Only the receiver of a method followed from its caller may be fresh: a function walked on its own may
        # run any number of times, on instances anything else ran on.
        state.fresh = frozenset({self.entering_fresh}) if self.entering_fresh is not None else frozenset()
        self.entering_fresh = None
        decorated = self.decorated_grad_mode(function)
        state.grad_enabled = decorated if decorated is not None else (grad_mode or Tri.YES)
        names = parameter_names(function.params)
        for name in names:
            state.bind(name, defaults.get(name) or self.parameter_value(function, class_model, name))
        for name in names:
            if name not in defaults:
                annotated = self.annotated_value(function.params, name)
                if annotated is not None:
                    state.bind(name, annotated)
        forward_input = self.forward_input(function, class_model, defaults)
        if forward_input is not None:
            state.bind(*forward_input)
        self.state, self.loops, self.deferred = state, [], []
        scope = self.function.scope if self.function is not None and id(function) not in self.foreign_functions \
            else enclosing
        self.function = FunctionContext(function.name.value, class_model, tuple(names),
                                        forward_input[0] if forward_input is not None else None, function, scope)
        try:
            if class_model is not None and names and not is_static(function):
                state.bind(names[0], self_value or self.self_value(class_model, function.name.value))
            self.exec_suite(function.body)
            self.falls_off_end = self.state is not None
            if function.name.value == "__init__" and class_model is not None and names and not self.summarizing \
                    and not self.collecting_attributes:
                self.record_initial_attributes(class_model, function, self.state, names[0])
            if self.falls_off_end and self.capturing is not None and self.summarizing:
                self.capturing.leave(self.state)
            if nested:
                self.run_deferred_functions(self.state or state)
        finally:
            self.state, self.function, self.loops, self.deferred = saved
            if caller is not None:
                if caller_was is not None:
                    self.suspended_states[caller] = caller_was
                else:
                    self.suspended_states.pop(caller, None)

    def locals_of(self, function: cst.FunctionDef) -> frozenset[str]:
        """The names ``function`` binds locally (see local_names.py), once per definition."""
        known = self.function_locals.get(id(function))
        if known is None:
            known = self.function_locals[id(function)] = local_names(function)
        return known

    def decorated_grad_mode(self, function: cst.FunctionDef) -> Optional[Tri]:
        """``@torch.no_grad()`` / ``@torch.inference_mode()`` turn grad off in the body; None: no decorator says."""
        for decorator in function.decorators:
            target = decorator.decorator
            if isinstance(target, cst.Call):
                target = target.func
            qualified = self.qualified_name(target)
            if qualified in api.NO_GRAD_CONTEXTS:
                return Tri.NO
            if qualified in api.ENABLE_GRAD_CONTEXTS:
                return Tri.YES
        return None


def parameter_names(params: cst.Parameters) -> list[str]:
    """Every name a function binds from its arguments, in order."""
    names = [p.name.value for p in (*params.posonly_params, *params.params)]
    if isinstance(params.star_arg, cst.Param):
        names.append(params.star_arg.name.value)
    names.extend(p.name.value for p in params.kwonly_params)
    if params.star_kwarg is not None:
        names.append(params.star_kwarg.name.value)
    return names


"""Replay the analysis of a function whose inputs have not changed since the document's last analysis.

In an editor most of a keystroke's analysis walks function bodies the
keystroke did not touch. Each top-level function's (or method's) emitting
analysis is recorded: what it read (the enclosing state, its class, the class
models and function summaries it looked up, the alias counter, the
frozen-parameters flag) and what it did (the events it emitted, the facts it
recorded, the summaries, classes and definitions it added, the counters it
moved). When the document's next analysis reaches the same function node (the
incremental parser hands back the same object for an unchanged statement) with
equal inputs, the recorded effects are replayed instead of walking the body.

Equal inputs give equal effects because the walk is deterministic and reads
nothing else; the differential tests compare every replayed analysis with a
fresh one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

import libcst as cst

from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.events import Event
from tensorlens.analysis.state import State
from tensorlens.analysis.values import AbstractValue, Kind, Tri

if TYPE_CHECKING:
    from tensorlens.analysis.contract import CallSummary, RecordedFact, SummaryKey
    from tensorlens.analysis.interpreter import Interpreter



@contextmanager
def recording_into(interpreter: Interpreter, recording: Recording) -> Iterator[None]:
    """While the block runs, the interpreter's events, the class models and the summaries it reads are also
    kept in ``recording`` (a walk the memo may replay later)."""
    emit = interpreter._emit

    def recorded_emit(event: Event) -> None:
        recording.events.append(event)
        emit(event)

    interpreter._emit = recorded_emit
    interpreter.recording = recording
    interpreter.classes.recording = recording
    try:
        yield
    finally:
        interpreter._emit = emit
        interpreter.recording = None
        interpreter.classes.recording = None


def class_snapshot(model: Optional[ClassModel]) -> Optional[ClassModel]:
    """A copy that later changes to ``model`` cannot reach."""
    if model is None:
        return None
    return ClassModel(model.name, model.node, model.is_module, dict(model.attributes), set(model.registered),
                      dict(model.methods), model.base, model.layer_base, dict(model.initial),
                      set(model.initial_registered))


class TrackedClasses(dict[str, ClassModel]):
    """The interpreter's class models; lookups are noted while a function's analysis is recorded."""

    recording: Optional[Recording] = None

    def get(self, name: str, default: Optional[ClassModel] = None) -> Optional[ClassModel]:  # type: ignore[override]
        # (dict.get's overloads also accept any default type; the engine passes none or a model.)
        self._note(name)
        return super().get(name, default)

    def __getitem__(self, name: str) -> ClassModel:
        self._note(name)
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self._note(name)
        return super().__contains__(name)

    def _note(self, name: str) -> None:
        if self.recording is not None and name not in self.recording.classes_read:
            self.recording.classes_read[name] = class_snapshot(super().get(name))


@dataclass
class Recording:
    """What one function's analysis reads and does, gathered while it runs."""

    classes_read: dict[str, Optional[ClassModel]] = field(default_factory=dict)
    summaries_read: list[tuple[SummaryKey, CallSummary, bool]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass
class _Entry:
    function: cst.FunctionDef
    record_facts: bool
    enclosing: State
    class_model: Optional[ClassModel]
    defaults: dict[str, AbstractValue]
    grad_mode: Optional[Tri]
    frozen_before: frozenset[Hashable]
    alias_before: int
    classes_read: dict[str, Optional[ClassModel]]
    summaries_read: list[tuple[SummaryKey, CallSummary, bool]]
    # effects
    events: list[Event]
    facts: list[RecordedFact]
    summaries_added: dict[SummaryKey, CallSummary]
    classes_set: dict[str, ClassModel]
    definitions_added: dict[int, cst.FunctionDef]
    analyzed_added: set[int]
    frozen_after: frozenset[Hashable]
    alias_after: int
    call_site_grad_set: dict[int, dict[int, Tri]]
    contexts_added: dict[int, frozenset[Hashable]]


class FunctionMemo:
    """The recorded function analyses of one document, for its next analysis."""

    def __init__(self) -> None:
        self._entries: dict[cst.FunctionDef, _Entry] = {}
        self._next: dict[cst.FunctionDef, _Entry] = {}
        self._same_enclosing: dict[tuple[int, int], tuple[State, State, bool]] = {}
        self._copies: dict[int, tuple[State, State]] = {}
        self._live: Optional[set[int]] = None
        self.replayed = 0
        # Whether a method sets attributes on self: a walk of its whole body, asked of every class's
        # methods on every analysis (a quarter of an edit's time on timm's files before it was kept).
        self._setters: dict[cst.FunctionDef, bool] = {}
        self._next_setters: dict[cst.FunctionDef, bool] = {}

    def begin_run(self) -> None:
        self._next = {}
        self._next_setters = {}
        self._same_enclosing, self._copies, self._live = {}, {}, None
        self.replayed = 0

    def end_run(self) -> None:
        """Keep this run's records (functions no longer in the text are dropped)."""
        self._entries, self._next = self._next, {}
        self._setters, self._next_setters = self._next_setters, {}
        self._same_enclosing, self._copies, self._live = {}, {}, None

    def sets_self_attribute(self, method: cst.FunctionDef, look: Callable[[cst.FunctionDef], bool]) -> bool:
        """``look(method)``, kept for the same (unchanged) method node in the next analysis."""
        known = self._setters.get(method)
        if known is None:
            known = look(method)
        self._next_setters[method] = known
        return known

    def analyze(self, interpreter: Interpreter, function: cst.FunctionDef, enclosing: State,
                class_model: Optional[ClassModel], defaults: dict[str, AbstractValue],
                grad_mode: Optional[Tri] = None) -> None:
        """Analyze ``function`` as the interpreter would, replaying a recorded analysis when it is valid."""
        entry = self._entries.get(function)
        if entry is not None and entry.grad_mode is grad_mode \
                and self._valid(entry, interpreter, enclosing, class_model, defaults):
            self._replay(entry, interpreter)
            self._next[function] = entry
            self.replayed += 1
            return
        self._next[function] = self._record(interpreter, function, enclosing, class_model, defaults, grad_mode)

    # --- recording ---------------------------------------------------------------------

    def _record(self, interpreter: Interpreter, function: cst.FunctionDef, enclosing: State,
                class_model: Optional[ClassModel], defaults: dict[str, AbstractValue],
                grad_mode: Optional[Tri]) -> _Entry:
        recording = Recording()
        before = _Counters.of(interpreter)
        # Every function of a scope shares one enclosing state (never changed by their analyses): one copy.
        if id(enclosing) not in self._copies:
            self._copies[id(enclosing)] = (enclosing, enclosing.copy())
        enclosing_copy, model_copy = self._copies[id(enclosing)][1], class_snapshot(class_model)
        with recording_into(interpreter, recording):
            interpreter.analyze_function(function, enclosing, class_model, defaults, grad_mode=grad_mode)
        return _Entry(
            function, interpreter.record_facts, enclosing_copy, model_copy, dict(defaults), grad_mode,
            before.frozen, before.alias, recording.classes_read, recording.summaries_read,
            recording.events, interpreter.facts[before.facts:],
            {key: value for key, value in interpreter.summaries.items() if before.summaries.get(key) is not value},
            {name: model for name, model in dict.items(interpreter.classes) if before.classes.get(name) is not model},
            {key: node for key, node in interpreter.function_definitions.items() if key not in before.definitions},
            interpreter.analyzed_functions - before.analyzed,
            interpreter.parameters_frozen, interpreter.next_alias,
            {key: dict(callers) for key, callers in interpreter.call_site_grad.items()
             if before.call_site_grad.get(key) != callers},
            {key: frozenset(contexts - before.contexts.get(key, frozenset()))
             for key, contexts in interpreter.contexts_followed.items()
             if len(contexts) != len(before.contexts.get(key, ()))})

    # --- validation and replay --------------------------------------------------------------

    def _valid(self, entry: _Entry, interpreter: Interpreter, enclosing: State,
               class_model: Optional[ClassModel], defaults: dict[str, AbstractValue]) -> bool:
        if entry.record_facts != interpreter.record_facts or entry.frozen_before != interpreter.parameters_frozen \
                or entry.alias_before != interpreter.next_alias or entry.defaults != defaults \
                or entry.class_model != class_model or not self._same_state(entry.enclosing, enclosing):
            return False
        for name, model in entry.classes_read.items():
            if dict.get(interpreter.classes, name) != model:
                return False
        seen: dict[SummaryKey, CallSummary] = {}
        for key, value, was_known in entry.summaries_read:
            current = seen.get(key, interpreter.summaries.get(key))
            if was_known:
                if current != value:
                    return False
            elif current is not None and current != value or not self._defined_now(key[0], interpreter):
                return False  # it would summarize another definition now, or see another summary
            seen[key] = value
        return True

    def _defined_now(self, function: cst.FunctionDef, interpreter: Interpreter) -> bool:
        """Whether ``function`` is a definition of this run (an edited one is a new node)."""
        if self._live is None:
            self._live = {id(node) for node in interpreter.function_definitions.values()}
            for model in dict.values(interpreter.classes):
                self._live.update(id(node) for node in model.methods.values())
        return id(function) in self._live and (interpreter.function_definitions.get(id(function), function) is function)

    def _same_state(self, recorded: State, current: State) -> bool:
        # Every function of a scope shares one enclosing state: compare it once per run.
        key = (id(recorded), id(current))
        known = self._same_enclosing.get(key)
        if known is None:
            same = _same_values(recorded.values, current.values) and recorded.default_device == current.default_device
            self._same_enclosing[key] = known = (recorded, current, same)  # the states pin their ids
        return known[2]

    def _replay(self, entry: _Entry, interpreter: Interpreter) -> None:
        for event in entry.events:
            interpreter._emit(event)
        interpreter.facts.extend(entry.facts)
        interpreter.summaries.update(entry.summaries_added)
        for key, callers in entry.call_site_grad_set.items():
            interpreter.call_site_grad.setdefault(key, {}).update(callers)
        for key, contexts in entry.contexts_added.items():
            interpreter.contexts_followed.setdefault(key, set()).update(contexts)
        dict.update(interpreter.classes, entry.classes_set)
        interpreter.function_definitions.update(entry.definitions_added)
        interpreter.analyzed_functions |= entry.analyzed_added
        interpreter.parameters_frozen = entry.frozen_after
        interpreter.next_alias = entry.alias_after
        if interpreter.recording is not None:  # never: replays happen only at the top level
            raise AssertionError("a replay inside a recorded analysis")


def _same_values(recorded: dict[str, AbstractValue], current: dict[str, AbstractValue]) -> bool:
    """Equal values, except that a function bound to the same name may be another node of the same
    definition: what a call to it returns is checked through the summaries read."""
    if recorded.keys() != current.keys():
        return False
    for path, value in recorded.items():
        now = current[path]
        if value is now or value == now:
            continue
        if value.kind is Kind.FUNCTION and now.kind is Kind.FUNCTION and value.but(qualified=now.qualified) == now:
            continue
        return False
    return True


@dataclass
class _Counters:
    frozen: frozenset[Hashable]
    alias: int
    facts: int
    summaries: dict[SummaryKey, CallSummary]
    classes: dict[str, ClassModel]
    definitions: set[int]
    analyzed: set[int]
    call_site_grad: dict[int, dict[int, Tri]]
    contexts: dict[int, frozenset[Hashable]]

    @classmethod
    def of(cls, interpreter: Interpreter) -> _Counters:
        return cls(interpreter.parameters_frozen, interpreter.next_alias, len(interpreter.facts),
                   dict(interpreter.summaries), dict(dict.items(interpreter.classes)),
                   set(interpreter.function_definitions), set(interpreter.analyzed_functions),
                   {key: dict(callers) for key, callers in interpreter.call_site_grad.items()},
                   {key: frozenset(contexts) for key, contexts in interpreter.contexts_followed.items()})

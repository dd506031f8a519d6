"""Replay the analysis of an unchanged top-level statement instead of walking it again.

Function bodies are replayed by :mod:`memo`; the module's own top-level code
was walked again on every keystroke. In a real model file most of that walk is
one or two big statements: timm's ``default_cfgs = generate_default_cfgs({...})``
calls a helper for each of hundreds of entries (three quarters of an edit in
resnet.py, 150 ms). An edit elsewhere leaves that statement's node, and the
state it starts from, exactly as they were.

Only plain statements (assignments and expression statements at the top level)
that took a while to walk are recorded, and a recording is kept only when
everything the walk changed in the interpreter is something this module knows
how to replay; anything else (a class model changed in place, a deferred
function, a list grown) makes the statement one that is always walked. A
recording is replayed when the statement is the same node and the walk would
start from equal inputs: the state, the class models and function summaries it
read, the alias counter and the frozen-parameters flag. Equal inputs give equal
effects because the walk is deterministic; the differential tests in
tests/analysis/test_incremental.py compare every replayed analysis with a fresh one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.events import Event
from tensorlens.analysis.memo import FunctionMemo, Recording, class_snapshot, recording_into
from tensorlens.analysis.state import State

if TYPE_CHECKING:
    from tensorlens.analysis.contract import CallSummary, RecordedFact, SummaryKey
    from tensorlens.analysis.interpreter import Interpreter

# A statement that walks faster than this is walked again: recording it and checking its inputs would cost
# about as much as the walk.
WORTH_RECORDING_S = 0.002
_PLAIN = (cst.Assign, cst.AnnAssign, cst.Expr)
# Caches keyed by node ids (whether a function is a generator, its local names, ...): a walk only adds to them.
_GROWING_DICTS = frozenset({"generators", "mentions_grad", "function_locals", "globals_declared", "outside_writes",
                            "function_definitions", "defined_in"})
_GROWING_SETS = frozenset({"analyzed_functions", "followed_calls"})
# Replayed by their own rules below, or the recording's own machinery.
_REPLAYED = frozenset({"state", "facts", "summaries", "call_site_grad", "contexts_followed", "next_alias",
                       "parameters_frozen", "_emit", "recording", "statement", "classes"})


@dataclass
class _Entry:
    state_before: State
    alias_before: int
    frozen_before: frozenset[Any]
    classes_read: dict[str, Optional[ClassModel]]
    summaries_read: list[tuple[SummaryKey, CallSummary, bool]]
    # effects
    state_after: State
    events: list[Event]
    facts: list[RecordedFact]
    summaries_added: dict[SummaryKey, CallSummary]
    call_site_grad_set: dict[int, dict[int, Any]]
    contexts_added: dict[int, frozenset[Any]]
    grown_dicts: dict[str, dict[Any, Any]]
    grown_sets: dict[str, set[Any]]
    alias_after: int
    frozen_after: frozenset[Any]


class StatementMemo:
    """The recorded top-level statements of one document, for its next analysis."""

    def __init__(self) -> None:
        self._entries: dict[cst.CSTNode, _Entry] = {}
        self._next: dict[cst.CSTNode, _Entry] = {}
        # Statements worth recording (slow to walk), and ones whose effects cannot be replayed.
        self._slow: set[cst.CSTNode] = set()
        self._next_slow: set[cst.CSTNode] = set()
        self._unreplayable: set[cst.CSTNode] = set()
        self._next_unreplayable: set[cst.CSTNode] = set()
        # The plain statements of the last run: one not among them is new in this edit.
        self._seen: set[cst.CSTNode] = set()
        self._next_seen: set[cst.CSTNode] = set()
        self.replayed = 0
        self._runs = -1  # analyses begun: the first one (opening the document) records nothing

    def begin_run(self) -> None:
        self._next, self._next_slow, self._next_unreplayable, self._next_seen = {}, set(), set(), set()
        self.replayed = 0
        self._runs += 1

    def end_run(self) -> None:
        """Keep this run's records (statements no longer in the text are dropped)."""
        self._entries, self._next = self._next, {}
        self._slow, self._next_slow = self._next_slow, set()
        self._unreplayable, self._next_unreplayable = self._next_unreplayable, set()
        self._seen, self._next_seen = self._next_seen, set()

    def exec_module(self, interpreter: Interpreter, statements: list[cst.BaseStatement]) -> None:
        """``interpreter.exec_block(statements)`` for the module's body, replaying what it can."""
        for statement in statements:
            if interpreter.state is None:
                break
            if not self._candidate(statement, interpreter):
                interpreter.exec_block([statement])
                continue
            self._next_seen.add(statement)
            if statement in self._unreplayable:
                self._next_unreplayable.add(statement)
                interpreter.exec_block([statement])
                continue
            entry = self._entries.get(statement)
            if entry is not None and self._valid(entry, interpreter):
                self._replay(entry, interpreter)
                self._next[statement] = entry
                self.replayed += 1
                continue
            started = time.perf_counter()
            # A statement new in an edit is the edited one: recorded at once, for the keystrokes that follow.
            if statement in self._slow or self._runs and statement not in self._seen:
                recorded = self._record(statement, interpreter)
                if recorded is None:
                    self._next_unreplayable.add(statement)
                    continue
                if statement in self._slow or time.perf_counter() - started > WORTH_RECORDING_S:
                    self._next_slow.add(statement)
                    self._next[statement] = recorded
                continue
            interpreter.exec_block([statement])
            if time.perf_counter() - started > WORTH_RECORDING_S:
                self._next_slow.add(statement)

    @staticmethod
    def _candidate(statement: cst.BaseStatement, interpreter: Interpreter) -> bool:
        return isinstance(statement, cst.SimpleStatementLine) and all(isinstance(s, _PLAIN) for s in statement.body) \
            and interpreter.recording is None and not interpreter.muted and not interpreter.loops \
            and interpreter.function is None

    # --- recording ---------------------------------------------------------------------

    def _record(self, statement: cst.BaseStatement, interpreter: Interpreter) -> Optional[_Entry]:
        """Walk ``statement``, recording what it read and did; None when its effects cannot be replayed."""
        assert interpreter.state is not None
        before = {name: _shallow(value) for name, value in vars(interpreter).items()}
        models_before = {name: class_snapshot(model) for name, model in dict.items(interpreter.classes)}
        state_before = interpreter.state.copy()
        recording = Recording()
        with recording_into(interpreter, recording):
            interpreter.exec_block([statement])
        after = vars(interpreter)
        if interpreter.state is None or not _only_known_changes(before, after) or \
                {name: class_snapshot(model) for name, model in dict.items(interpreter.classes)} != models_before:
            return None
        summaries_before: dict[SummaryKey, CallSummary] = before["summaries"]
        grad_before: dict[int, dict[int, Any]] = before["call_site_grad"]
        contexts_before: dict[int, set[Any]] = before["contexts_followed"]
        return _Entry(
            state_before, before["next_alias"], before["parameters_frozen"], recording.classes_read,
            recording.summaries_read, interpreter.state.copy(), recording.events,
            interpreter.facts[len(before["facts"]):],
            {key: value for key, value in interpreter.summaries.items() if summaries_before.get(key) is not value},
            {key: dict(callers) for key, callers in interpreter.call_site_grad.items()
             if grad_before.get(key) != callers},
            {key: frozenset(contexts - contexts_before.get(key, set()))
             for key, contexts in interpreter.contexts_followed.items()
             if contexts != contexts_before.get(key)},
            {name: {key: value for key, value in after[name].items() if before[name].get(key, _MISSING) is not value}
             for name in _GROWING_DICTS if name in after},
            {name: after[name] - before[name] for name in _GROWING_SETS if name in after},
            interpreter.next_alias, interpreter.parameters_frozen)

    # --- validation and replay --------------------------------------------------------------

    @staticmethod
    def _valid(entry: _Entry, interpreter: Interpreter) -> bool:
        if entry.alias_before != interpreter.next_alias or entry.frozen_before != interpreter.parameters_frozen \
                or entry.state_before != interpreter.state:
            return False
        for name, model in entry.classes_read.items():
            if dict.get(interpreter.classes, name) != model:
                return False
        seen: dict[SummaryKey, CallSummary] = {}
        for key, value, was_known in entry.summaries_read:
            current = seen.get(key, interpreter.summaries.get(key))
            if was_known and current != value or not was_known and current is not None and current != value:
                return False
            seen[key] = value
        return True

    @staticmethod
    def _replay(entry: _Entry, interpreter: Interpreter) -> None:
        for event in entry.events:
            interpreter._emit(event)
        assert interpreter.state is not None
        _assign_state(interpreter.state, entry.state_after)
        interpreter.facts.extend(entry.facts)
        interpreter.summaries.update(entry.summaries_added)
        for key, callers in entry.call_site_grad_set.items():
            interpreter.call_site_grad.setdefault(key, {}).update(callers)
        for key, contexts in entry.contexts_added.items():
            interpreter.contexts_followed.setdefault(key, set()).update(contexts)
        for name, added in entry.grown_dicts.items():
            getattr(interpreter, name).update(added)
        for name, grown in entry.grown_sets.items():
            getattr(interpreter, name).update(grown)
        interpreter.next_alias = entry.alias_after
        interpreter.parameters_frozen = entry.frozen_after


class DocumentMemo(FunctionMemo):
    """An editor's record of a document's last analysis: its functions' and its top-level statements'."""

    def __init__(self) -> None:
        super().__init__()
        self.statements = StatementMemo()

    def begin_run(self) -> None:
        super().begin_run()
        self.statements.begin_run()

    def end_run(self) -> None:
        super().end_run()
        self.statements.end_run()


_MISSING = object()


def _shallow(value: Any) -> Any:
    """A copy of a container's top level (what a walk may change in place), or the value itself."""
    if isinstance(value, dict):
        return {key: (set(item) if isinstance(item, set) else dict(item) if isinstance(item, dict) else item)
                for key, item in value.items()}
    if isinstance(value, set):
        return set(value)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, State):
        return value.copy()
    return value


def _only_known_changes(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether every attribute the walk changed is one a replay restores, and the growing ones only grew."""
    if before.keys() != after.keys():
        return False
    for name, old in before.items():
        new = after[name]
        if name in _REPLAYED:
            continue
        if name in _GROWING_DICTS:
            if any(key not in new or new[key] is not value for key, value in old.items()):
                return False
        elif name in _GROWING_SETS:
            if not old <= new:
                return False
        elif new is not old and new != old:
            return False
    if after["facts"][:len(before["facts"])] != before["facts"]:
        return False
    summaries_before = before["summaries"]
    return all(after["summaries"].get(key) is value for key, value in summaries_before.items())


def _assign_state(live: State, recorded: State) -> None:
    """Make ``live`` (the object others may hold) equal to ``recorded``, sharing none of its containers."""
    copied = recorded.copy()
    for item in fields(State):
        setattr(live, item.name, getattr(copied, item.name))

"""What every rule is: a catalogue entry, trigger words, documentation, event handlers.

A rule subclasses :class:`Rule`, implements ``on_<event>`` methods for the
engine events it needs (see :mod:`tensorlens.analysis.events`) and calls
``self.report`` when the facts it is handed show a bug. Its class docstring is
its user documentation, in the sections SPEC.md names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Optional, Union

import libcst as cst

from tensorlens.analysis.events import ALL_EVENTS
from tensorlens.catalogue import RuleInfo, rule_info

LineOf = Callable[[cst.CSTNode], int]
"""Resolves a node to its 1-based line; handed to message builders after the walk."""

MessageText = Union[str, Callable[[LineOf], str]]

DOC_SECTIONS = ("What it does", "Why is this bad", "Example", "Use instead", "Fix", "References")


CodeOf = Callable[[cst.CSTNode], str]
"""Source text of a node; handed to edit-text builders after the walk, only for reported findings."""

EditText = Union[str, Callable[[CodeOf], str]]


@dataclass
class Edit:
    """Replace the source text of ``node`` with ``text`` (positions resolved later).

    ``text`` may be a function of ``code_of`` when it needs other nodes' source:
    the engine calls it only for findings it reports, never during the walk.
    ``mode``: ``"replace"``; ``"before"``/``"after"`` insert next to the node;
    ``"wrap"`` puts the statement ``node`` inside the block opened by ``text``
    (``"with torch.no_grad():"``), re-indenting its lines with the file's own
    indent, leaving its comments where they are and multi-line strings as they are.
    """

    node: cst.CSTNode
    text: EditText
    mode: str = "replace"


@dataclass
class FixProposal:
    """A repair a rule offers for its finding.

    ``safe``: the fix keeps the program's meaning apart from the bug (``--fix``
    applies it); unsafe fixes need ``--unsafe-fixes``. Two rules that repair one
    spot propose the same edit, so applying both is applying it once.
    """

    description: str
    safe: bool
    edits: list[Edit] = field(default_factory=list)


@dataclass
class Report:
    """A finding before positions are known."""

    code: str
    node: cst.CSTNode
    message: MessageText
    related: list[tuple[cst.CSTNode, MessageText]] = field(default_factory=list)
    fix: Optional[FixProposal] = None


class Rule:
    """Base class of all rules; one instance per analyzed file."""

    code: ClassVar[str]
    # Substrings of which at least one must occur in a file for this rule to possibly fire.
    # Each rule's list must be provably conservative: every path to a finding needs one.
    triggers: ClassVar[tuple[str, ...]] = ()
    fixable: ClassVar[str] = "never"  # "always", "sometimes" or "never"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # The engine calls a rule's ``on_<event>`` methods by name: a misspelt handler would
        # silently never run, so a rule class that defines one fails as soon as it is defined.
        super().__init_subclass__(**kwargs)
        known = {event.handler for event in ALL_EVENTS}
        unknown = sorted(name for name in vars(cls) if name.startswith("on_") and name not in known)
        if unknown:
            raise TypeError(f"{cls.__name__} defines {', '.join(unknown)}, which no engine event calls "
                            f"(the handlers are: {', '.join(sorted(known))})")

    def __init__(self, sink: Callable[[Report], None]):
        self._sink = sink

    @classmethod
    def info(cls) -> RuleInfo:
        return rule_info(cls.code)

    @classmethod
    def documentation(cls) -> str:
        """The rule's user documentation (Markdown), from its docstring."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    def report(self, node: cst.CSTNode, message: MessageText,
               related: Optional[Sequence[tuple[cst.CSTNode, MessageText]]] = None,
               fix: Optional[FixProposal] = None) -> None:
        """Record a finding at ``node``."""
        self._sink(Report(self.code, node, message, list(related or ()), fix))

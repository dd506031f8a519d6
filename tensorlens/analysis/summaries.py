"""What a call to a function defined in the file returns, learned by walking its body once.

A summary is computed lazily at the first call, silently (no events: the body
is walked with events on later, as a function of its own), with parameters
unknown except ``self``, so it holds for every caller and is cached, keyed by
the definition's node (an editor's next analysis compares them by identity). A method's
summary depends on where its ``self`` lives (``init_hidden`` returning
``weight.new_zeros(...)`` follows the module), so that is part of the key.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.values import UNKNOWN, AbstractValue

MAX_SUMMARY_DEPTH = 4


class FunctionSummaries(Engine):
    """Mixin: return values of user functions and methods."""

    def summary_of(self, function: cst.FunctionDef, class_model: Optional[ClassModel],
                   receiver: Optional[AbstractValue]) -> AbstractValue:
        """The join of every value ``function`` can return (UNKNOWN when unsure)."""
        key = (function, repr(receiver.device.value if receiver is not None else None))
        known = key in self.summaries
        result = self._summary(function, class_model, receiver, key)
        if self.recording is not None:  # a recorded analysis depends on the summaries it used
            self.recording.summaries_read.append((key, result, known))
        return result

    def _summary(self, function: cst.FunctionDef, class_model: Optional[ClassModel],
                 receiver: Optional[AbstractValue], key: tuple[cst.FunctionDef, str]) -> AbstractValue:
        if function.asynchronous is not None or self.is_generator(function):
            return UNKNOWN
        cached = self.summaries.get(key)
        if cached is not None:
            return cached
        if id(function) in self.summarizing or len(self.summarizing) >= MAX_SUMMARY_DEPTH:
            return UNKNOWN
        self.summaries[key] = UNKNOWN  # recursion and re-entry see "unknown"
        self.summarizing.add(id(function))
        saved_returns, self.returns = self.returns, []
        self.muted += 1
        try:
            enclosing = (self.state or self.module_state).copy()
            self.analyze_function(function, enclosing, class_model, {}, self_value=receiver, nested=False)
            result = UNKNOWN
            if self.returns and self.falls_off_end is False:
                result = self.returns[0]
                for value in self.returns[1:]:
                    result = result.join(value)
        finally:
            self.muted -= 1
            self.returns = saved_returns
            self.summarizing.discard(id(function))
        self.summaries[key] = result
        return result

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

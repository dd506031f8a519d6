"""Statement execution: statement dispatch, control flow, grad-mode contexts.

Assignments live in :mod:`tensorlens.analysis.assignments`; classes, functions
and imports in :mod:`tensorlens.analysis.definitions`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Optional

import libcst as cst

from tensorlens.analysis import constants
from tensorlens.analysis import torch_api as api
from tensorlens.analysis.assignments import AssignmentExecutor
from tensorlens.analysis.definitions import DefinitionExecutor
from tensorlens.analysis.events import Operand, Returned
from tensorlens.analysis.state import State, join_all
from tensorlens.analysis.values import OTHER, UNKNOWN, AbstractValue, Device, Kind, Located, Origin, Tri


class StatementExecutor(AssignmentExecutor, DefinitionExecutor):
    """Mixin: executes statements against ``self.state`` (None once unreachable)."""

    def exec_block(self, statements: Sequence[cst.BaseStatement]) -> None:
        outer = self.statement
        for statement in statements:
            if self.state is None:
                break
            handler = _STATEMENTS.get(type(statement))
            if handler is not None:
                self.statement = statement
                handler(self, statement)
                self.end_path_if_raised()
        self.statement = outer

    def exec_suite(self, suite: cst.BaseSuite) -> None:
        if isinstance(suite, cst.IndentedBlock):
            self.exec_block(suite.body)
        elif isinstance(suite, cst.SimpleStatementSuite):
            self.exec_small_statements(suite.body)

    def exec_simple_line(self, line: cst.SimpleStatementLine) -> None:
        self.exec_small_statements(line.body)

    def exec_small_statements(self, statements: Sequence[cst.BaseSmallStatement]) -> None:
        for small in statements:
            if self.state is None:
                return
            if isinstance(small, cst.Expr):
                if isinstance(small.value, cst.Call):
                    self.eval_call(small.value, discarded=True)
                else:
                    self.eval(small.value)
            elif isinstance(small, cst.Assign):
                value = self.eval_accumulation(small) if self.loops else None
                if value is None:
                    value = self.eval(small.value)
                for target in small.targets:
                    self.assign(target.target, value, small.value)
            elif isinstance(small, cst.AnnAssign):
                if small.value is not None:
                    self.assign(small.target, self.eval(small.value), small.value)
            elif isinstance(small, cst.AugAssign):
                self.exec_augmented(small)
            elif isinstance(small, cst.Return):
                returned = self.eval(small.value) if small.value is not None else OTHER
                if self.returns is not None:
                    self.returns.append(returned)
                if self.capturing is not None and self.state is not None:
                    self.capturing.leave(self.state)
                if small.value is not None and not self.muted:
                    self.emit(Returned(small, self.returned_operands(small.value, returned),
                                       self.function is not None and self.function.is_forward))
                self.state = None
            elif isinstance(small, cst.Raise):
                if small.exc is not None:
                    self.eval(small.exc)
                self.state = None
            elif isinstance(small, cst.Break):
                if self.loops:
                    self.loops[-1].breaks.append(self.state.copy())
                self.state = None
            elif isinstance(small, cst.Continue):
                if self.loops:
                    self.loops[-1].continues.append(self.state.copy())
                self.state = None
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    self.bind_import(alias, None)
            elif isinstance(small, cst.ImportFrom):
                self.exec_import_from(small)
            elif isinstance(small, cst.Del):
                self.forget_target(small.target)
            elif isinstance(small, cst.Assert):
                self.eval(small.test)
            elif not isinstance(small, (cst.Global, cst.Nonlocal, cst.Pass)):
                self.eval_children(small)

    # --- control flow --------------------------------------------------------------------

    def exec_if(self, node: cst.If) -> None:
        assert self.state is not None
        tested = self.eval(node.test)
        # YES: only the body can run, NO: only the else branch; the branch that cannot run is not walked (its
        # findings would be about code this context never runs: a loss type the config does not choose).
        taken = self.branch_taken(node.test, tested)
        # A test on devices or shapes the engine cannot decide: inside the branches those facts are unknown. A
        # decided one (``x.ndim >= 3`` of a known 1-D ``x``) leaves them as they are for the branch that runs.
        guarded = self.device_guarded(node.test)
        self.unguard(guarded, restore=False)
        unknown = {path: self.state.values[path] for path in guarded}
        shape_guarded = self.shape_guarded(node.test)
        self.shape_unguard(shape_guarded, restore=False)
        before = self.state
        after_body: Optional[State] = None
        if taken is not Tri.NO:
            self.state = before.copy()
            self.narrow(node.test)
            self.exec_suite(node.body)
            after_body = self.state
        self.state = before.copy()
        if taken is Tri.YES:
            pass
        elif isinstance(node.orelse, cst.If):
            self.exec_if(node.orelse)
        elif isinstance(node.orelse, cst.Else):
            self.exec_suite(node.orelse.body)
        after_else = self.state if taken is not Tri.YES else None
        accelerator = self.accelerator_probed(node.test)
        self.state = join_all([after_body, after_else])
        if accelerator is not None and after_body is not None and after_else is not None and self.state is not None:
            self.state.values.update(_moved_when_available(after_body, after_else, accelerator))
        if self.state is not None:
            # A tensor neither branch rebound is where it was before the test.
            self.unguard({p: v for p, v in guarded.items() if self.state.values.get(p) == unknown[p]}, restore=True)
            self.shape_unguard(shape_guarded, restore=True)

    def branch_taken(self, test: cst.BaseExpression, tested: AbstractValue) -> Tri:
        """Which way a branch test surely goes (YES: the body, NO: the other way); UNKNOWN when either may."""
        taken = constants.truth(tested)
        if taken is Tri.UNKNOWN:
            taken = self.none_test(test)
        if taken is Tri.UNKNOWN:
            taken = self.isinstance_test(test)
        return taken

    def none_test(self, test: cst.BaseExpression) -> Tri:
        """``x is None`` (``is not None``) on a name the engine knows is None (YES / NO for the body), or knows is
        a tensor, module... (the opposite); UNKNOWN otherwise."""
        if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
                and isinstance(test.left, cst.Name)):
            return Tri.UNKNOWN
        target = test.comparisons[0]
        if not (isinstance(target.comparator, cst.Name) and target.comparator.value == "None"
                and isinstance(target.operator, (cst.Is, cst.IsNot))):
            return Tri.UNKNOWN
        assert self.state is not None
        value = self.state.get(test.left.value)
        if value is None or value.kind in (Kind.UNKNOWN, Kind.OTHER):
            return Tri.UNKNOWN
        is_none = value.kind is Kind.NONE
        return Tri.of(is_none if isinstance(target.operator, cst.Is) else not is_none)

    def accelerator_probed(self, test: cst.BaseExpression) -> Optional[str]:
        """``if torch.cuda.is_available():`` (alone, or first of an ``and``): the accelerator it asks for."""
        if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
            test = test.left
        if isinstance(test, cst.Call):
            return api.ACCELERATOR_PROBES.get(self.qualified_name(test.func) or "")
        return None

    def returned_operands(self, node: cst.BaseExpression, value: AbstractValue) -> tuple[Operand, ...]:
        """What a return statement returns, a returned tuple's elements one by one."""
        if isinstance(node, cst.Tuple) and value.elements is not None and len(value.elements) == len(node.elements):
            return tuple(Operand(element.value, self.text_of(element.value), item)
                         for element, item in zip(node.elements, value.elements))
        return (Operand(node, self.text_of(node), value),)

    def isinstance_test(self, test: cst.BaseExpression) -> Tri:
        """``isinstance(x, np.ndarray)`` of a value the engine knows is a tensor: NO (the branch cannot run);
        ``isinstance(x, torch.Tensor)`` of a tensor: YES. Only tensors, arrays and modules are told apart, and a
        class the engine does not know (a subclass of Tensor, say) decides nothing."""
        parts = _isinstance_parts(test)
        if parts is None or self.state is None or self.state.get("isinstance") is not None:
            return Tri.UNKNOWN
        subject, classes = parts
        path = self.path_of(subject)
        value = self.state.get(path) if path is not None else None
        if value is None or value.kind not in _TYPE_KINDS.values() or value.origin is None:
            return Tri.UNKNOWN  # only a value the engine saw made (not a guessed submodule) decides
        nodes = [e.value for e in classes.elements] if isinstance(classes, cst.Tuple) else [classes]
        answer = Tri.NO
        for node in nodes:
            kind = _TYPE_KINDS.get(api.kind_of_type(self.qualified_name(node) or "") or "")
            if kind is None:
                return Tri.UNKNOWN
            if kind is value.kind:
                answer = Tri.YES
        return answer

    def narrow(self, test: cst.BaseExpression) -> None:
        """In the body of ``if isinstance(x, torch.Tensor):`` an unknown ``x`` is a tensor (likewise modules,
        parameters, optimizers, arrays)."""
        parts = _isinstance_parts(test)
        if parts is None or not isinstance(parts[0], cst.Name):
            return
        assert self.state is not None
        name = parts[0].value
        if self.state.get(name) is not None:
            return  # what the engine knows already is at least as precise
        known = self.value_of_type(parts[1], test)
        if known is not None:
            self.state.bind(name, known)

    def exec_for(self, node: cst.For) -> None:
        iterable = self.eval(node.iter)
        element = self.element_of(iterable, node.iter)

        def enter(state: State) -> None:
            self.assign(node.target, element, None)

        self.run_loop(node, enter, node.body, node.orelse, runs_once=self.surely_iterates(node.iter, iterable))

    def surely_iterates(self, node: cst.BaseExpression, iterable: AbstractValue) -> bool:
        """Does iterating ``node`` yield at least one item: ``range(2)``, ``range(self.n)`` of a known n >= 1, a
        literal list or tuple, a module list whose children the engine saw added?"""
        if iterable.elements:
            return iterable.kind in (Kind.SEQUENCE, Kind.MODULE)
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "range"
                and self.state is not None and self.state.get("range") is None):
            return False
        if not 1 <= len(node.args) <= 2 or any(arg.star or arg.keyword for arg in node.args):
            return False
        bounds = [bound for arg in node.args if (bound := self.exact_number(arg.value)) is not None]
        if len(bounds) != len(node.args):
            return False
        start, stop = (0, bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
        return stop > start

    def exec_while(self, node: cst.While) -> None:
        def enter(state: State) -> None:
            self.eval(node.test)

        self.run_loop(node, enter, node.body, node.orelse)

    def exec_with(self, node: cst.With) -> None:
        assert self.state is not None
        outer_grad, outer_device = self.state.grad_enabled, self.state.default_device
        expects_error = False
        for item in node.items:
            value = self.eval(item.item)
            self.enter_context(item.item, value)
            expects_error = expects_error or self.expects_an_error(item.item)
            if item.asname is not None:
                self.assign(item.asname.name, value, None)
        # ``with pytest.raises(ValueError):`` in a test: the error inside is what the test wants, not a bug.
        self.muted += expects_error
        try:
            self.exec_suite(node.body)
        finally:
            self.muted -= expects_error
        if self.state is not None:
            self.state.grad_enabled, self.state.default_device = outer_grad, outer_device

    def expects_an_error(self, item: cst.BaseExpression) -> bool:
        """``pytest.raises(...)`` or unittest's ``self.assertRaises(...)`` / ``assertRaisesRegex(...)``."""
        if not isinstance(item, cst.Call):
            return False
        func = item.func
        if isinstance(func, cst.Attribute) and func.attr.value.startswith("assertRaises"):
            return True
        return self.qualified_name(func) == "pytest.raises"

    def enter_context(self, item: cst.BaseExpression, value: AbstractValue = UNKNOWN) -> None:
        """Grad mode and default device inside ``with torch.no_grad():`` and friends, also when the
        context was made earlier (``ctx = torch.no_grad()`` ... ``with ctx:``)."""
        assert self.state is not None
        if not isinstance(item, cst.Call) and value.qualified in api.GRAD_MODE_CONTEXTS \
                and value.origin is not None and isinstance(value.origin.node, cst.Call):
            item = value.origin.node
        call = item if isinstance(item, cst.Call) else None
        qualified = self.qualified_name(call.func if call else item)
        if qualified in api.NO_GRAD_CONTEXTS:
            if qualified.endswith("inference_mode") and call and call.args:
                flag = call.args[0].value
                if not (isinstance(flag, cst.Name) and flag.value == "True"):
                    return
            self.state.grad_enabled = Tri.NO
        elif qualified in api.ENABLE_GRAD_CONTEXTS:
            self.state.grad_enabled = Tri.YES
        elif qualified in api.SET_GRAD_ENABLED and call is not None:
            enabled = call.args[0].value if call.args else None
            self.state.grad_enabled = Tri.of(enabled.value == "True") if isinstance(enabled, cst.Name) and \
                enabled.value in ("True", "False") else Tri.UNKNOWN
        elif qualified in api.DEVICE_CONSTRUCTORS and call is not None and call.args:
            device = self.device_of(call.args[0].value, UNKNOWN)
            self.state.default_device = Located(device, Origin(item, "default device")) if device else Located(None)

    def exec_try(self, node: cst.Try) -> None:
        assert self.state is not None
        before = self.state.copy()
        self.exec_suite(node.body)
        if node.orelse is not None and self.state is not None:
            self.exec_suite(node.orelse.body)
        ends: list[Optional[State]] = [self.state]
        for handler in node.handlers:
            self.state = join_all([before, ends[0]]) or before.copy()
            if handler.name is not None:
                self.assign(handler.name.name, UNKNOWN, None)
            self.exec_suite(handler.body)
            ends.append(self.state)
        self.state = join_all(ends)
        if node.finalbody is not None:
            reachable = self.state is not None
            if self.state is None:
                self.state = before.copy()
            self.exec_suite(node.finalbody.body)
            if not reachable:
                self.state = None

    def exec_match(self, node: cst.Match) -> None:
        assert self.state is not None
        self.eval(node.subject)
        before = self.state
        ends = []
        for case in node.cases:
            self.state = before.copy()
            self.exec_suite(case.body)
            ends.append(self.state)
        self.state = join_all([before, *ends])


def _moved_when_available(body: State, orelse: State, accelerator: str) -> dict[str, AbstractValue]:
    """After ``if torch.cuda.is_available(): x = x.cuda()``: a tensor or module on the accelerator in the body
    and on the CPU otherwise is "on the accelerator when available"."""
    moved: dict[str, AbstractValue] = {}
    for path, there in body.values.items():
        here = orelse.values.get(path)
        if here is None or there.kind is not here.kind or there.kind not in (Kind.TENSOR, Kind.MODULE):
            continue
        if there.known_device == Device(accelerator) and here.known_device == Device("cpu"):
            symbolic = Device("symbolic", accelerator=accelerator)
            moved[path] = there.join(here).but(device=Located(symbolic, there.device.origin))
    return moved


# By exact node type: the dispatch of every statement the walk meets.
_STATEMENTS: dict[type[cst.BaseStatement], Callable[[StatementExecutor, Any], None]] = {
    cst.SimpleStatementLine: StatementExecutor.exec_simple_line,
    cst.If: StatementExecutor.exec_if,
    cst.For: StatementExecutor.exec_for,
    cst.While: StatementExecutor.exec_while,
    cst.With: StatementExecutor.exec_with,
    cst.Try: StatementExecutor.exec_try,
    cst.TryStar: StatementExecutor.exec_try,
    cst.FunctionDef: StatementExecutor.exec_function,
    cst.ClassDef: StatementExecutor.exec_class,
    cst.Match: StatementExecutor.exec_match,
}


# The kinds ``isinstance`` tells apart for certain: a tensor is never an array or a module.
_TYPE_KINDS = {"tensor": Kind.TENSOR, "ndarray": Kind.NDARRAY, "module": Kind.MODULE}


def _isinstance_parts(test: cst.BaseExpression) -> Optional[tuple[cst.BaseExpression, cst.BaseExpression]]:
    """``isinstance(subject, classes)``: its two arguments; None for any other test."""
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Name) and test.func.value == "isinstance" \
            and len(test.args) == 2 and not any(arg.star or arg.keyword for arg in test.args):
        return test.args[0].value, test.args[1].value
    return None

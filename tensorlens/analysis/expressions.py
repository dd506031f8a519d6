"""Expression evaluation: dispatch by node type, names, displays, scopes, constants.

Attribute and subscript access live in :mod:`tensorlens.analysis.access`,
operators in :mod:`tensorlens.analysis.operators`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, Optional

import libcst as cst

from tensorlens.analysis import constants
from tensorlens.analysis import torch_api as api
from tensorlens.analysis.access import AccessEvaluator
from tensorlens.analysis.events import Operand, SharedWriteObserved
from tensorlens.analysis.literals import literal_string
from tensorlens.analysis.operators import OperatorEvaluator
from tensorlens.analysis.values import NONE, OTHER, SCALAR, UNKNOWN, AbstractValue, Device, Kind, Located, Tri

MAX_TEXT = 60


# Expressions are shown with their whitespace collapsed, so any module's code generation will do; one that
# is not the file's keeps an operand's deferred text from holding the whole analysis alive.
_CODEGEN = cst.Module(body=[])


def access_path(node: cst.CSTNode) -> Optional[str]:
    """``model.fc.weight`` or ``batch["x"]`` for a chain the state can key; else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = access_path(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, (cst.SimpleString, cst.Integer)):
            base = access_path(node.value)
            return None if base is None else f"{base}[{index.value.value}]"
    return None


def short_text(node: cst.CSTNode) -> str:
    """Short source text of an expression, for messages."""
    path = access_path(node)
    if path is not None:
        return path
    text = " ".join(_CODEGEN.code_for_node(node).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class ExpressionEvaluator(AccessEvaluator, OperatorEvaluator):
    """Mixin: evaluates expressions against ``self.state``."""

    # --- text and paths ----------------------------------------------------------

    def path_of(self, node: cst.BaseExpression) -> Optional[str]:
        """``model.fc.weight`` or ``batch["x"]`` for a chain the state can key; else None."""
        return access_path(node)

    def text_of(self, node: cst.CSTNode) -> str:
        """Short source text of an expression, for messages."""
        return short_text(node)

    def operand(self, node: cst.BaseExpression, value: Optional[AbstractValue] = None) -> Operand:
        """The expression with its value (evaluated unless given)."""
        if value is None:
            value = self.eval(node)
        # Unknown values get a name only when they have one (no code generation for them).
        path = self.path_of(node)
        if path is None and value.kind is not Kind.UNKNOWN:
            return Operand(node, partial(short_text, node), value)  # made only if a message needs it
        return Operand(node, path or "", value)

    # --- evaluation -------------------------------------------------------------------

    def eval(self, node: cst.BaseExpression) -> AbstractValue:
        """The abstract value of ``node``; emits the events of everything inside it."""
        handler = _EVALUATORS.get(type(node))
        if handler is None:
            self.eval_children(node)
            return UNKNOWN
        return handler(self, node)

    def eval_children(self, node: cst.CSTNode) -> None:
        """Walk sub-expressions of a node the engine has no model for."""
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self.eval(child)
            elif not isinstance(child, (cst.BaseSuite, cst.BaseStatement)):
                self.eval_children(child)

    def eval_name(self, node: cst.Name) -> AbstractValue:
        name = node.value
        if name == "None":
            return NONE
        if name in ("True", "False"):
            return constants.boolean(name == "True")
        if self.state is not None and self.state.get(name) is None:
            found = self.missing_name(name)
            if found is not None:
                self.state.bind(name, found)
        value = self.read_path(name, node)
        self.record(node, name, value)
        return value

    def read_path(self, path: str, node: cst.CSTNode) -> AbstractValue:
        """The value at ``path``; a read may observe a pending shared-memory write."""
        assert self.state is not None
        value = self.state.get(path) or UNKNOWN
        if value.aliases and self.state.pending_writes:
            self.observe_shared_read(Operand(node, path, value))
        return value

    def observe_shared_read(self, reader: Operand) -> None:
        assert self.state is not None
        for group in reader.value.aliases:
            write = self.state.pending_writes.get(group.ident)
            if write is None or write.writer_value.kind is reader.value.kind:
                continue
            del self.state.pending_writes[group.ident]
            writer = Operand(write.node, write.writer_text, write.writer_value)
            self.emit(SharedWriteObserved(write.node, writer, write.how, reader, group))

    def device_guarded(self, test: cst.BaseExpression) -> dict[str, AbstractValue]:
        """Tensors whose device a branch test asks about (``x.is_cuda``, ``x.device.type == "cpu"``):
        their values before the branch, which then sees them on an unknown device (the code
        handles each case, so neither branch can assume one)."""
        assert self.state is not None
        guarded: dict[str, AbstractValue] = {}
        for attribute in _attributes_in(test):
            if attribute.attr.value not in api.DEVICE_TEST_ATTRIBUTES:
                continue
            path = self.path_of(attribute.value)
            value = self.state.values.get(path) if path is not None else None
            if path is not None and value is not None and value.kind is Kind.TENSOR \
                    and value.known_device is not None:
                guarded[path] = value
        return guarded

    def unguard(self, guarded: dict[str, AbstractValue], restore: bool) -> None:
        """Forget (``restore=False``) or give back the devices of ``device_guarded`` tensors."""
        assert self.state is not None
        for path, value in guarded.items():
            self.state.values[path] = value if restore else value.but(device=Located(None))

    def eval_if_expression(self, node: cst.IfExp) -> AbstractValue:
        # Like an if statement: a test decided by literals (``nn.ReLU() if activation else None`` with
        # ``activation=True``) evaluates only the branch that runs.
        taken = self.branch_taken(node.test, self.eval(node.test))
        if taken is not Tri.UNKNOWN:
            return self.eval(node.body if taken is Tri.YES else node.orelse)
        guarded = self.device_guarded(node.test)
        self.unguard(guarded, restore=False)
        shape_guarded = self.shape_guarded(node.test)
        self.shape_unguard(shape_guarded, restore=False)
        body, orelse = self.eval(node.body), self.eval(node.orelse)
        self.unguard(guarded, restore=True)
        self.shape_unguard(shape_guarded, restore=True)
        first, second = self.device_of(node.body, body), self.device_of(node.orelse, orelse)
        if first is not None and second is not None and first != second:
            devices = (first, second)
            accelerators = [d for d in devices if d.kind != "cpu"]
            if len(accelerators) == 1 and any(d.kind == "cpu" for d in devices):
                symbolic = Device("symbolic", accelerator=accelerators[0].kind)
                return AbstractValue(kind=Kind.DEVICE, denotes=symbolic)
        return body.join(orelse)

    def eval_sequence(self, node: cst.List | cst.Tuple | cst.Set) -> AbstractValue:
        values = tuple(self.eval(element.value) for element in node.elements)
        if any(isinstance(element, cst.StarredElement) for element in node.elements):
            return AbstractValue(kind=Kind.SEQUENCE)
        return AbstractValue(kind=Kind.SEQUENCE, elements=values)

    def eval_dict(self, node: cst.Dict) -> AbstractValue:
        items = []
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                self.eval(element.key)
                value = self.eval(element.value)
                if isinstance(element.key, cst.SimpleString):
                    items.append((element.key.value, value))
            else:
                self.eval(element.value)
        return AbstractValue(kind=Kind.MAPPING, items=tuple(items))

    def eval_named_expression(self, node: cst.NamedExpr) -> AbstractValue:
        value = self.eval(node.value)
        self.assign(node.target, value, node.value)
        return value

    def eval_lambda(self, node: cst.Lambda) -> AbstractValue:
        assert self.state is not None
        saved = self.state
        self.state = saved.copy()
        for param in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params):
            self.state.bind(param.name.value, UNKNOWN)
        try:
            self.eval(node.body)
        finally:
            self.state = saved
        return OTHER

    def eval_comprehension(self, node: cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp) -> AbstractValue:
        assert self.state is not None
        saved = self.state
        self.state = saved.copy()
        try:
            clause: Optional[cst.CompFor] = node.for_in
            while clause is not None:
                iterable = self.eval(clause.iter)
                self.assign(clause.target, self.element_of(iterable, clause.iter), None)
                for condition in clause.ifs:
                    self.eval(condition.test)
                clause = clause.inner_for_in
            if isinstance(node, cst.DictComp):
                self.eval(node.key)
                self.eval(node.value)
                item = UNKNOWN
            else:
                item = self.eval(node.elt)
        finally:
            self.state = saved
        # Every item is made by the same expression: the list holds things like it.
        return AbstractValue(kind=Kind.SEQUENCE, source=item if item.kind is not Kind.UNKNOWN else None)

    def eval_constant(self, node: cst.BaseExpression) -> AbstractValue:
        if isinstance(node, cst.Integer):
            return self.integer_constant(node)
        if isinstance(node, (cst.Float, cst.Imaginary)):
            return SCALAR
        text = literal_string(node)
        device = Device.parse(text) if text is not None and len(text) <= 16 else None
        if device is not None:
            return AbstractValue(kind=Kind.DEVICE, denotes=device, literal=text)
        return constants.string(text) if text is not None else OTHER

    # --- devices -----------------------------------------------------------------------

    def device_of(self, node: Optional[cst.CSTNode], value: AbstractValue) -> Optional[Device]:
        """The device an argument denotes: ``"cuda:0"``, ``torch.device(...)``, ``x.device``."""
        if isinstance(node, cst.BaseExpression):
            text = literal_string(node)
            if text is not None:
                return Device.parse(text)
        if value.kind is Kind.DEVICE:
            return value.denotes
        return None




# By exact node type: how each expression the engine models is evaluated.
_EVALUATORS: dict[type[cst.CSTNode], Callable[[ExpressionEvaluator, Any], AbstractValue]] = {
    cst.Name: ExpressionEvaluator.eval_name,
    cst.Attribute: ExpressionEvaluator.eval_attribute,
    cst.Subscript: ExpressionEvaluator.eval_subscript,
    cst.BinaryOperation: ExpressionEvaluator.eval_binary,
    cst.UnaryOperation: ExpressionEvaluator.eval_unary,
    cst.Comparison: ExpressionEvaluator.eval_comparison,
    cst.BooleanOperation: ExpressionEvaluator.eval_boolean,
    cst.IfExp: ExpressionEvaluator.eval_if_expression,
    cst.Tuple: ExpressionEvaluator.eval_sequence,
    cst.List: ExpressionEvaluator.eval_sequence,
    cst.Dict: ExpressionEvaluator.eval_dict,
    cst.NamedExpr: ExpressionEvaluator.eval_named_expression,
    cst.Lambda: ExpressionEvaluator.eval_lambda,
    cst.ListComp: ExpressionEvaluator.eval_comprehension,
    cst.SetComp: ExpressionEvaluator.eval_comprehension,
    cst.GeneratorExp: ExpressionEvaluator.eval_comprehension,
    cst.DictComp: ExpressionEvaluator.eval_comprehension,
    cst.Integer: ExpressionEvaluator.eval_constant,
    cst.Float: ExpressionEvaluator.eval_constant,
    cst.Imaginary: ExpressionEvaluator.eval_constant,
    cst.SimpleString: ExpressionEvaluator.eval_constant,
    cst.ConcatenatedString: ExpressionEvaluator.eval_constant,
    cst.Call: lambda self, node: self.eval_call(node),
}


def _attributes_in(node: cst.BaseExpression) -> Iterator[cst.Attribute]:
    """The attribute accesses of a branch test, through the forms a test takes (``not``, ``and``,
    comparisons, calls, subscripts): libcst's generic ``children`` cost a fifth of the analysis."""
    stack: list[cst.BaseExpression] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Attribute):
            yield current
            stack.append(current.value)
        elif isinstance(current, cst.Comparison):
            stack.append(current.left)
            stack.extend(target.comparator for target in current.comparisons)
        elif isinstance(current, (cst.BooleanOperation, cst.BinaryOperation)):
            stack.extend((current.left, current.right))
        elif isinstance(current, cst.UnaryOperation):
            stack.append(current.expression)
        elif isinstance(current, cst.Call):
            stack.append(current.func)
            stack.extend(argument.value for argument in current.args)
        elif isinstance(current, cst.Subscript):
            stack.append(current.value)

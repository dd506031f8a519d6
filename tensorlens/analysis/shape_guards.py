"""Branches on shapes: a test that reads a tensor's shape means the code handles more than one shape.

``if residual.shape == x.shape: x += residual`` or ``if x.dim() == 3: x = x.unsqueeze(0)``: the branch
runs only for the shapes its test picks, which the engine cannot tell. Like a test on a device
(:meth:`~tensorlens.analysis.expressions.ExpressionEvaluator.device_guarded`), each branch sees the
tested tensors with unknown shapes, and a tensor neither branch rebinds gets its shape back after the
``if``. This keeps the shape rules to contradictions the code cannot have ruled out.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from tensorlens.analysis.contract import Engine
from tensorlens.analysis.values import AbstractValue, Kind

# Reads of a tensor's shape in a branch test: attributes, and methods called on the tensor.
_SHAPE_ATTRIBUTES = frozenset({"shape", "ndim"})
_SHAPE_METHODS = frozenset({"size", "dim", "ndimension", "numel", "nelement"})


class ShapeGuards(Engine):
    """Part: tensors whose shape a branch test reads lose their shapes inside the branches."""

    def shape_guarded(self, test: cst.BaseExpression) -> dict[str, AbstractValue]:
        """Tensors of known shape that ``test`` asks about (``x.shape``, ``x.size(1)``, ``x.dim()``,
        ``len(x)``): their values before the branch."""
        if self.state is None:
            return {}
        guarded: dict[str, AbstractValue] = {}
        for subject in _shape_subjects(test):
            path = self.path_of(subject)
            value = self.state.values.get(path) if path is not None else None
            if path is not None and value is not None and value.kind is Kind.TENSOR and value.shape is not None:
                guarded[path] = value
        return guarded

    def shape_unguard(self, guarded: dict[str, AbstractValue], restore: bool) -> None:
        """Forget (``restore=False``) the shapes of ``shape_guarded`` tensors, or give back (``restore=True``)
        the values of those the branches left as they found them."""
        if self.state is None:
            return
        for path, value in guarded.items():
            if not restore:
                self.state.values[path] = value.but(shape=None)
            elif self.state.values.get(path) == value.but(shape=None):
                self.state.values[path] = value


def _shape_subjects(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The expressions whose shape a test reads, through the forms a test takes (``not``, ``and``,
    comparisons, arithmetic, calls, subscripts)."""
    stack: list[cst.BaseExpression] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Attribute):
            if current.attr.value in _SHAPE_ATTRIBUTES:
                yield current.value
            stack.append(current.value)
        elif isinstance(current, cst.Call):
            func = current.func
            if isinstance(func, cst.Attribute) and func.attr.value in _SHAPE_METHODS:
                yield func.value
            elif isinstance(func, cst.Name) and func.value == "len" and current.args:
                yield current.args[0].value
            stack.append(func)
            stack.extend(argument.value for argument in current.args)
        elif isinstance(current, cst.Comparison):
            stack.append(current.left)
            stack.extend(target.comparator for target in current.comparisons)
        elif isinstance(current, (cst.BooleanOperation, cst.BinaryOperation)):
            stack.extend((current.left, current.right))
        elif isinstance(current, cst.UnaryOperation):
            stack.append(current.expression)
        elif isinstance(current, cst.Subscript):
            stack.append(current.value)

"""Branches on shapes: a test that reads a tensor's shape means the code handles more than one shape.

``if residual.shape == x.shape: x += residual`` or ``if x.dim() == 3: x = x.unsqueeze(0)``: the branch
runs only for the shapes its test picks, which the engine cannot tell. Like a test on a device
(:meth:`~tensorlens.analysis.expressions.ExpressionEvaluator.device_guarded`), each branch sees the
tested tensors with unknown shapes, and a tensor neither branch rebinds gets its shape back after the
``if``. This keeps the shape rules to contradictions the code cannot have ruled out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from tensorlens.analysis.contract import Engine
from tensorlens.analysis.shapes import Shape
from tensorlens.analysis.values import AbstractValue, Kind

# Reads of a tensor's shape in a branch test: attributes, and methods called on the tensor.
_SHAPE_ATTRIBUTES = frozenset({"shape", "ndim"})
_SHAPE_METHODS = frozenset({"size", "dim", "ndimension", "numel", "nelement"})


class ShapeGuards(Engine):
    """Part: tensors whose shape a branch test reads lose their shapes inside the branches."""

    def shape_guarded(self, test: cst.BaseExpression) -> dict[str, tuple[AbstractValue, AbstractValue]]:
        """Tensors of known shape that ``test`` asks about (``x.shape``, ``x.size(1)``, ``x.dim()``,
        ``len(x)``): by path, their values before the branch and as the branches see them (the sizes asked
        about unknown: one dimension for ``x.shape[0]`` or ``x.size(0)``, else the whole shape)."""
        if self.state is None:
            return {}
        guarded: dict[str, tuple[AbstractValue, AbstractValue]] = {}
        for subject, dim in _shape_subjects(test):
            path = self.path_of(subject)
            value = self.state.values.get(path) if path is not None else None
            if path is None or value is None or value.kind is not Kind.TENSOR or value.shape is None:
                continue
            before, seen = guarded.get(path, (value, value))
            guarded[path] = (before, seen.but(shape=_without(seen.shape, dim)))
        return guarded

    def shape_unguard(self, guarded: dict[str, tuple[AbstractValue, AbstractValue]], restore: bool) -> None:
        """Forget (``restore=False``) the sizes ``shape_guarded`` tensors are tested on, or give back
        (``restore=True``) the values of those the branches left as they found them."""
        if self.state is None:
            return
        for path, (before, seen) in guarded.items():
            if not restore:
                self.state.values[path] = seen
            elif self.state.values.get(path) == seen:
                self.state.values[path] = before


def _without(shape: Optional[Shape], dim: Optional[int]) -> Optional[Shape]:
    """``shape`` with dimension ``dim`` unknown (None: the whole shape unknown)."""
    if shape is None or dim is None or not shape.exact or not -len(shape.dims) <= dim < len(shape.dims):
        return None
    dims = list(shape.dims)
    dims[dim] = None
    return Shape(tuple(dims), shape.exact)


def _shape_subjects(node: cst.BaseExpression) -> Iterator[tuple[cst.BaseExpression, Optional[int]]]:
    """The expressions whose shape a test reads, each with the dimension it reads (None: more than one),
    through the forms a test takes (``not``, ``and``, comparisons, arithmetic, calls, subscripts)."""
    stack: list[cst.BaseExpression] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Subscript) and isinstance(current.value, cst.Attribute) \
                and current.value.attr.value == "shape":
            yield current.value.value, _literal_index(current)
            stack.append(current.value.value)
        elif isinstance(current, cst.Attribute):
            if current.attr.value in _SHAPE_ATTRIBUTES:
                yield current.value, None
            stack.append(current.value)
        elif isinstance(current, cst.Call):
            func = current.func
            if isinstance(func, cst.Attribute) and func.attr.value in _SHAPE_METHODS:
                size_of_one = func.attr.value == "size" and len(current.args) == 1
                yield func.value, _literal_int(current.args[0].value) if size_of_one else None
            elif isinstance(func, cst.Name) and func.value == "len" and current.args:
                yield current.args[0].value, 0
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


def _literal_index(subscript: cst.Subscript) -> Optional[int]:
    """``x.shape[1]``: 1; None for a slice or a computed index."""
    if len(subscript.slice) != 1 or not isinstance(subscript.slice[0].slice, cst.Index):
        return None
    return _literal_int(subscript.slice[0].slice.value)


def _literal_int(node: cst.BaseExpression) -> Optional[int]:
    """A literal int, negative ones included."""
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
            and isinstance(node.expression, cst.Integer):
        return -int(node.expression.value, 0)
    return None

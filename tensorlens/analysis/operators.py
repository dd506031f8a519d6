"""Operators: what ``a + b``, ``-a``, comparisons and boolean operations evaluate to, and op results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis import constants
from tensorlens.analysis import torch_api as api
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.detachment import carried
from tensorlens.analysis.events import Operand, OperandsMeet
from tensorlens.analysis.values import (
    OTHER,
    SCALAR,
    UNKNOWN,
    AbstractValue,
    Activated,
    Kind,
    Located,
    Origin,
    Tri,
    tensor,
)

BINARY_SYMBOLS = {
    cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Divide: "/", cst.FloorDivide: "//",
    cst.Modulo: "%", cst.Power: "**", cst.MatrixMultiply: "@", cst.BitAnd: "&", cst.BitOr: "|",
    cst.BitXor: "^", cst.LeftShift: "<<", cst.RightShift: ">>",
}


class OperatorEvaluator(Engine):
    """Mixin: evaluates operators; ``op_result`` is the tensor any op computes."""

    def eval_binary(self, node: cst.BinaryOperation) -> AbstractValue:
        left = self.operand(node.left)
        right = self.operand(node.right)
        symbol = BINARY_SYMBOLS.get(type(node.operator), "op")
        return self.combine([left, right], node, symbol)

    def combine(self, operands: list[Operand], node: cst.CSTNode, operation: str,
                grad: bool = True) -> AbstractValue:
        """The result of an op over ``operands``; emits OperandsMeet when tensors meet."""
        tensors = [o for o in operands if o.value.kind is Kind.TENSOR]
        if len(tensors) >= 2:
            self.emit(OperandsMeet(node, operation, tuple(tensors), *self.op_context()))
        if not tensors:
            if all(o.value.kind is Kind.NDARRAY or o.value.kind is Kind.SCALAR for o in operands) and \
                    any(o.value.kind is Kind.NDARRAY for o in operands):
                array = AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "computed"),
                                      detached=carried(o.value for o in operands))
                return self.array_operator_shape(operands, array)
            if all(o.value.kind is Kind.SCALAR for o in operands):
                detached = carried(o.value for o in operands)  # ``loss.item() * 2`` is still the loss's value
                return self.integer_arithmetic(operation, operands, SCALAR.but(detached=detached) if detached
                                               else SCALAR)
            return self.integer_arithmetic(operation, operands, UNKNOWN)
        if any(o.value.kind not in (Kind.TENSOR, Kind.SCALAR) for o in operands):
            return UNKNOWN
        result = self.op_result(tensors, node, grad, op=api.OPERATOR_OPS.get(operation), operands=operands,
                                label=operation, elementwise=operation != "@")
        return self.shape_operator(operation, operands, node, result)

    def with_unknown_operands(self, result: AbstractValue, operands: Sequence[Operand]) -> AbstractValue:
        """An op whose tensor operands include one the engine does not know (``F.mse_loss(pred, y)`` with ``pred``
        unknown): its result may need grad even when every known operand needs none."""
        if result.kind is not Kind.TENSOR or result.requires_grad.value is not False \
                or not any(o.value.kind is Kind.UNKNOWN for o in operands):
            return result
        if self.state is not None and self.state.grad_enabled is Tri.NO:
            return result
        return result.but(requires_grad=Located(None), is_leaf=Tri.UNKNOWN, has_grad_fn=Tri.UNKNOWN)

    def op_result(self, tensors: list[Operand], node: cst.CSTNode, grad: bool = True, op: Optional[str] = None,
                  operands: Optional[list[Operand]] = None, label: Optional[str] = None,
                  elementwise: bool = False) -> AbstractValue:
        """A new tensor computed from ``tensors`` (device, grad history, 0-dim-ness).

        ``op`` names the op for the autograd table (what it saves for backward);
        ``operands`` are all its arguments in order, ``label`` its name in messages;
        ``elementwise`` ops have the operands' broadcast shape.
        """
        assert self.state is not None
        device = _result_device([o.value for o in tensors])
        requires = Tri.NO
        for operand in tensors:
            requires = requires | operand.value.requires_grad_tri
        if not grad or self.state.grad_enabled is Tri.NO:
            requires = Tri.NO
        elif self.state.grad_enabled is Tri.UNKNOWN and requires is Tri.YES:
            requires = Tri.UNKNOWN
        if all(o.value.is_scalar is Tri.YES for o in tensors):
            scalar = Tri.YES
        elif elementwise and any(o.value.is_scalar is Tri.NO for o in tensors):
            scalar = Tri.NO  # broadcasting keeps every dimension
        else:
            scalar = Tri.UNKNOWN
        requires_fact = Located(None if requires is Tri.UNKNOWN else requires is Tri.YES, Origin(node, "computed"))
        graph, saved = self.autograd_history(op, node, tensors if operands is None else operands, requires, label)
        result = tensor(Origin(node, "computed"), device, requires_fact,
                        is_leaf=Tri.NO if requires is Tri.YES else (Tri.YES if requires is Tri.NO else Tri.UNKNOWN),
                        has_grad_fn=requires, is_scalar=scalar, graph=graph, saved_for=saved)
        activated = _activated(op, node, label, tensors)
        detached = carried(o.value for o in (tensors if operands is None else operands))
        if activated is None and not detached:
            return result
        return result.but(activated=activated, detached=detached)

    def eval_unary(self, node: cst.UnaryOperation) -> AbstractValue:
        value = self.eval(node.expression)
        if value.kind is Kind.TENSOR and not isinstance(node.operator, cst.Not):
            return self.shape_unary(value, self.op_result([Operand(node.expression, "", value)], node,
                                                          elementwise=True))
        if isinstance(node.operator, cst.Not):
            known = constants.negate(constants.truth(value))
            return constants.boolean(known is Tri.YES) if known is not Tri.UNKNOWN else OTHER
        if value.kind is Kind.SCALAR:
            return self.negated(value, SCALAR) if isinstance(node.operator, cst.Minus) else SCALAR
        return UNKNOWN

    def eval_comparison(self, node: cst.Comparison) -> AbstractValue:
        operands = [self.operand(node.left)]
        operands.extend(self.operand(target.comparator) for target in node.comparisons)
        if len(node.comparisons) == 1:
            known = constants.compare(node.comparisons[0].operator, operands[0].value, operands[1].value)
            if known is not Tri.UNKNOWN:
                return constants.boolean(known is Tri.YES)
        if any(isinstance(t.operator, (cst.Is, cst.IsNot, cst.In, cst.NotIn)) for t in node.comparisons):
            return OTHER
        return self.combine(operands, node, "comparison", grad=False)

    def eval_boolean(self, node: cst.BooleanOperation) -> AbstractValue:
        """``a and b`` is ``a`` when ``a`` is false, else ``b`` (``or``: the other way round), when ``a``'s
        truth is known."""
        left = self.eval(node.left)
        right = self.eval(node.right)
        first = constants.truth(left)
        if first is Tri.UNKNOWN:
            return UNKNOWN
        if isinstance(node.operator, cst.And):
            return left if first is Tri.NO else right
        return left if first is Tri.YES else right


def _activated(op: Optional[str], node: cst.CSTNode, label: Optional[str], tensors: list[Operand]
               ) -> Optional[Activated]:
    """The activation an op's result is: the op's own (``softmax``), or its input's through a reshape or a
    dtype or device copy of one tensor (``torch.squeeze(probs)``, ``probs.float()``); None after any other op."""
    if op is None:
        return None
    activation = api.ACTIVATION_OPS.get(op)
    if activation is not None:
        return Activated(activation, node, label or op)
    if len(tensors) == 1 and op in api.ACTIVATION_KEEPING_OPS:
        return tensors[0].value.activated
    return None


def _result_device(values: list[AbstractValue]) -> Located:
    """Where an op's result lives: the non-scalar operands' common device, if known."""
    candidates = [v for v in values if v.is_scalar is not Tri.YES] or values
    first = candidates[0].device
    for other in candidates[1:]:
        if other.device.value != first.value:
            return Located(None)
    return first

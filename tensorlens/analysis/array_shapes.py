"""NumPy arrays' shapes in the walk: literal-sized arrays keep their shape up to the tensor made from them.

Reports of shape errors often build their data with NumPy (``torch.Tensor(np.random.rand(64, 1))``).
This part gives an array its shape where a call's record in :mod:`.torch_api.array_shapes` says how it
follows, through arithmetic between arrays and numbers and shape-keeping methods. No shape rule looks
at arrays: PyTorch's errors happen once they are tensors, where the tensor semantics take over.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import shape_ops as ops
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import Operand
from tensorlens.analysis.shape_semantics import data_shape
from tensorlens.analysis.shapes import Shape
from tensorlens.analysis.size_facts import ArgumentReader, sizes_of
from tensorlens.analysis.torch_api.array_shapes import SHAPE_KEEPING_ARRAY_METHODS, ArrayShapeApi, ArrayShapeRule
from tensorlens.analysis.values import AbstractValue, Kind, Origin


class ArrayShapes(Engine):
    """Part: NumPy arrays' shapes through the calls that make them, arithmetic and shape-keeping methods."""

    def array_call_shape(self, node: cst.Call, record: ArrayShapeApi, args: list[Operand], kw: dict[str, Operand],
                         result: AbstractValue) -> AbstractValue:
        """``np.zeros((2, 3))``, ``np.random.rand(64, 1)``, ``np.round(a)``: the array with its shape."""
        if any(arg.star for arg in node.args):
            return _with_shape(result, node, None)
        if record.rule is ArrayShapeRule.VARIADIC:
            sizes = ArgumentReader(args, {}, ()).variadic_sizes() if args else ()
            return _with_shape(result, node, Shape(sizes) if sizes is not None else None)
        if record.rule is ArrayShapeRule.SIZES:
            given = kw.get(record.size_keyword) or (args[record.size_position]
                                                    if len(args) > record.size_position else None)
            if given is None:  # no size: one number (np.random.normal(0, 1))
                return _with_shape(result, node, Shape(()) if record.size_position > 0 else None)
            sizes = sizes_of(given.value)
            return _with_shape(result, node, Shape(sizes) if sizes is not None else None)
        first = args[0].value if args else None
        if first is None:
            return _with_shape(result, node, None)
        if first.kind in (Kind.NDARRAY, Kind.TENSOR):
            return _with_shape(result, node, first.shape)
        return _with_shape(result, node, data_shape(args[0]) if result.kind is Kind.NDARRAY else None)

    def array_operator_shape(self, operands: list[Operand], result: AbstractValue) -> AbstractValue:
        """``a - 0.5``, ``a * b``: the broadcast of the array operands (numbers keep it)."""
        shapes: list[Optional[Shape]] = []
        for operand in operands:
            kind = operand.value.kind
            if kind is Kind.NDARRAY:
                shapes.append(operand.value.shape)
            elif kind is not Kind.SCALAR:
                shapes.append(None)
        joined = ops.broadcast_all(shapes) if shapes else None
        return result.but(shape=joined if isinstance(joined, Shape) else None)

    def array_method_shape(self, receiver: Operand, method: str, result: AbstractValue) -> AbstractValue:
        """``a.astype(np.float32)``, ``a.copy()``: the receiver's shape."""
        if result.kind is not Kind.NDARRAY:
            return result
        return result.but(shape=receiver.value.shape if method in SHAPE_KEEPING_ARRAY_METHODS else None)


def _with_shape(result: AbstractValue, node: cst.Call, shape: Optional[Shape]) -> AbstractValue:
    """The call's array with ``shape``; an elementwise NumPy function the rest of the engine leaves unknown
    makes an array all the same."""
    if result.kind is Kind.NDARRAY:
        return result.but(shape=shape)
    if result.kind is Kind.UNKNOWN and shape is not None:
        return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "computed"), shape=shape)
    return result

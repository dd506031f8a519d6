"""What NumPy calls do to array shapes, one record per call: enough to carry a literal-sized array into the
tensor made from it (``torch.Tensor(np.random.rand(64, 1))``, ``torch.from_numpy(np.zeros((4, 3)))``).

A NumPy call with no record here gives an array of unknown shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional


class ArrayShapeRule(Enum):
    """How a NumPy call's result shape follows from its arguments."""

    SIZES = "sizes"  # np.zeros((2, 3)) or np.zeros(3): the argument at ``size_position`` (or ``size_keyword``)
    VARIADIC = "variadic"  # np.random.rand(2, 3): every positional argument is a size
    LIKE = "like"  # np.zeros_like(a), np.round(a), np.exp(a): the first argument's shape


@dataclass(frozen=True)
class ArrayShapeApi:
    qualified: str
    rule: ArrayShapeRule
    size_position: int = 0
    size_keyword: str = "shape"


ARRAY_SHAPES: tuple[ArrayShapeApi, ...] = (
    *(ArrayShapeApi(f"numpy.{name}", ArrayShapeRule.SIZES) for name in ("zeros", "ones", "empty", "full")),
    ArrayShapeApi("numpy.random.random", ArrayShapeRule.SIZES, size_keyword="size"),
    ArrayShapeApi("numpy.random.random_sample", ArrayShapeRule.SIZES, size_keyword="size"),
    ArrayShapeApi("numpy.random.normal", ArrayShapeRule.SIZES, 2, "size"),
    ArrayShapeApi("numpy.random.uniform", ArrayShapeRule.SIZES, 2, "size"),
    ArrayShapeApi("numpy.random.randint", ArrayShapeRule.SIZES, 2, "size"),
    ArrayShapeApi("numpy.random.rand", ArrayShapeRule.VARIADIC),
    ArrayShapeApi("numpy.random.randn", ArrayShapeRule.VARIADIC),
    *(ArrayShapeApi(f"numpy.{name}", ArrayShapeRule.LIKE)
      for name in ("zeros_like", "ones_like", "empty_like", "full_like", "round", "around", "rint", "abs",
                   "absolute", "exp", "log", "sqrt", "square", "sin", "cos", "tanh", "floor", "ceil", "sign",
                   "clip", "copy", "array", "asarray", "ascontiguousarray", "float32", "float64")),
)

ARRAY_SHAPE_RECORDS: dict[str, ArrayShapeApi] = {record.qualified: record for record in ARRAY_SHAPES}

# Calls that make a tensor with the shape of the array they are given.
ARRAY_TO_TENSOR: frozenset[str] = frozenset({
    "torch.from_numpy", "torch.as_tensor", "torch.asarray", "torch.tensor", "torch.Tensor", "torch.FloatTensor",
    "torch.DoubleTensor", "torch.LongTensor", "torch.IntTensor", "torch.ByteTensor", "torch.BoolTensor",
})

# Array methods whose result has the receiver's shape.
SHAPE_KEEPING_ARRAY_METHODS: frozenset[str] = frozenset({"astype", "copy", "round", "clip"})


def array_record(qualified: str) -> Optional[ArrayShapeApi]:
    """The shape record of a NumPy call, if it has one."""
    return ARRAY_SHAPE_RECORDS.get(qualified)

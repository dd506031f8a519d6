"""Literal strings and bools as values: their truth, comparisons of them, and dict items read by literal key.

Real code picks its behaviour with constants (``activation='relu'``, ``if self.activate:``,
``loss_type = config.get('criterion', 'ce')``). A value spelt as a literal keeps it
(:attr:`AbstractValue.literal`); a branch test on such values is decided here, and the
interpreter walks only the branch that runs. Anything not known stays unknown.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Optional

import libcst as cst

from tensorlens.analysis.literals import literal_string
from tensorlens.analysis.values import OTHER, AbstractValue, Kind, Tri

TRUE = OTHER.but(literal=True)
FALSE = OTHER.but(literal=False)
# Kinds of object that are never None and always true (an optimizer, a function...). Tensors, modules (an empty
# nn.Sequential is false) and containers are not: their truth depends on their data or their length.
_ALWAYS_TRUE = frozenset({Kind.OPTIMIZER, Kind.SCHEDULER, Kind.DEVICE, Kind.CLASS, Kind.FUNCTION, Kind.API,
                          Kind.NAMESPACE})


def boolean(flag: bool) -> AbstractValue:
    """The value of a ``True``/``False`` literal or of a decided test."""
    return TRUE if flag else FALSE


def string(text: str) -> AbstractValue:
    """The value of a string literal."""
    return OTHER.but(literal=text)


def has_literal(value: AbstractValue) -> bool:
    """Does ``value`` carry a literal a callee's branches may test (itself, or one of a dict's items)?"""
    if value.literal is not None:
        return True
    return value.kind is Kind.MAPPING and value.items is not None and any(
        item.literal is not None for _, item in value.items)


def truth(value: AbstractValue) -> Tri:
    """``bool(value)`` when the engine knows it."""
    if value.literal is not None:
        return Tri.of(bool(value.literal))
    if value.kind is Kind.NONE:
        return Tri.NO
    number = _int_literal(value)
    if number is not None:
        return Tri.of(number != 0)
    if value.kind in _ALWAYS_TRUE:
        return Tri.YES
    return Tri.UNKNOWN


def _is_none(value: AbstractValue) -> Tri:
    if value.kind is Kind.NONE:
        return Tri.YES
    if value.literal is not None or value.kind in _ALWAYS_TRUE or value.kind is Kind.TENSOR:
        return Tri.NO
    if value.kind is Kind.MODULE and (value.origin is not None or value.class_name is not None
                                      or value.layer is not None):
        return Tri.NO  # a module the code made (an unmodeled model's attribute is only guessed to be one)
    if _int_literal(value) is not None:
        return Tri.NO
    return Tri.UNKNOWN


def _equal(left: AbstractValue, right: AbstractValue) -> Tri:
    if left.literal is not None and right.literal is not None:
        if type(left.literal) is not type(right.literal):
            return Tri.UNKNOWN  # ``True == 1`` holds in Python: leave mixed types alone
        return Tri.of(left.literal == right.literal)
    if left.literal is not None or right.literal is not None:
        # A literal against None, or against an int the code computed: never equal.
        other = right if left.literal is not None else left
        if other.kind is Kind.NONE or (isinstance(left.literal or right.literal, str) and other.integer is not None
                                       and other.kind is Kind.SCALAR):
            return Tri.NO
        return Tri.UNKNOWN
    if left.kind is Kind.NONE and right.kind is Kind.NONE:
        return Tri.YES
    if left.kind is Kind.SEQUENCE and right.kind is Kind.SEQUENCE and left.elements is not None \
            and right.elements is not None:
        # ``patch_size != self.base_patch_size`` of (2, 2) and (4, 4): an item that differs, or another length,
        # makes them unequal; equal items may still be a tuple and a list, so equality stays unknown.
        if len(left.elements) != len(right.elements) or any(
                _equal(a, b) is Tri.NO for a, b in zip(left.elements, right.elements)):
            return Tri.NO
        return Tri.UNKNOWN
    a, b = _int_literal(left), _int_literal(right)
    if a is not None and b is not None:
        return Tri.of(a == b)
    return Tri.UNKNOWN


def _member(left: AbstractValue, right: AbstractValue) -> Tri:
    """``left in right`` for a literal among a literal list, tuple or set."""
    if left.literal is None or right.kind is not Kind.SEQUENCE or right.elements is None:
        return Tri.UNKNOWN
    found = Tri.NO
    for element in right.elements:
        equal = _equal(left, element)
        if equal is Tri.YES:
            return Tri.YES
        if equal is Tri.UNKNOWN:
            found = Tri.UNKNOWN
    return found


def compare(operator: cst.BaseCompOp, left: AbstractValue, right: AbstractValue) -> Tri:
    """``left <operator> right`` for ``==``, ``!=``, ``is``, ``is not``, ``in``, ``not in``, when known."""
    if isinstance(operator, (cst.Is, cst.IsNot)):
        if right.kind is Kind.NONE:
            result = _is_none(left)
        elif left.kind is Kind.NONE:
            result = _is_none(right)
        elif left.literal is not None and isinstance(left.literal, bool) and isinstance(right.literal, bool):
            result = Tri.of(left.literal is right.literal)  # ``flag is True``
        else:
            return Tri.UNKNOWN
        return _negate(result) if isinstance(operator, cst.IsNot) else result
    if isinstance(operator, (cst.Equal, cst.NotEqual)):
        result = _equal(left, right)
        return _negate(result) if isinstance(operator, cst.NotEqual) else result
    if isinstance(operator, (cst.In, cst.NotIn)):
        result = _member(left, right)
        return _negate(result) if isinstance(operator, cst.NotIn) else result
    order = _ORDERS.get(type(operator))
    a, b = _int_literal(left), _int_literal(right)
    if order is not None and a is not None and b is not None:
        return Tri.of(order(a, b))
    return Tri.UNKNOWN


_ORDERS: dict[type[cst.BaseCompOp], Callable[[int, int], bool]] = {
    cst.LessThan: operator.lt, cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt, cst.GreaterThanEqual: operator.ge}


def _int_literal(value: AbstractValue) -> Optional[int]:
    """The int a Python int holds, when it is a literal (a size the code computed from literals)."""
    # An unknown object holding a literal size is an ``__init__`` parameter an instance was given that int.
    if value.kind in (Kind.SCALAR, Kind.UNKNOWN) and value.integer is not None:
        return value.integer.literal
    return None


def _negate(value: Tri) -> Tri:
    return {Tri.YES: Tri.NO, Tri.NO: Tri.YES}.get(value, Tri.UNKNOWN)


def negate(value: Tri) -> Tri:
    """``not`` of a known truth."""
    return _negate(value)


def item_by_key(mapping: AbstractValue, key: str) -> Optional[AbstractValue]:
    """The item a dict of known items holds under the string ``key`` (``config['criterion']``), however its
    literal key was quoted; None when the engine does not know it."""
    if mapping.kind is not Kind.MAPPING or mapping.items is None:
        return None
    for spelt, item in mapping.items:
        try:
            text = literal_string(cst.SimpleString(spelt))
        except Exception:  # a key spelt some way libcst will not take back: not this one
            continue
        if text == key:
            return item
    return None

"""Graph breaks: which values hold a history-carrying tensor's data without its history, and which new leaves
were rebuilt from them (the ``detached`` fact of :class:`~tensorlens.analysis.values.AbstractValue`).

Pure functions over abstract values; the interpreter's parts call them where data leaves a tensor
(``.item()``, ``.detach()``, ``.numpy()``), where a factory or ``Variable`` makes a tensor of data, and where
an op's result inherits its operands' facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

import libcst as cst

from tensorlens.analysis.values import AbstractValue, Detached, Kind, Tri


def tracks_history(value: AbstractValue) -> bool:
    """A tensor computed with autograd recording (a loss, a model's output): it has history before it, unlike a
    leaf, whose detached copy made to require grad is a legitimate fresh leaf (a gradient check's twin)."""
    return value.kind is Kind.TENSOR and value.requires_grad_tri is Tri.YES \
        and (value.has_grad_fn is Tri.YES or value.is_leaf is Tri.NO)


def read_out(value: AbstractValue, node: cst.CSTNode, text: str) -> frozenset[Detached]:
    """What ``.item()``, ``.tolist()``, ``.detach()`` or ``.numpy()`` of ``value`` at ``node`` holds: its data
    without its history, when it had history (or was already such data); else nothing."""
    if value.detached:
        return value.detached
    if tracks_history(value) or (value.data_of is not None and tracks_history(value.data_of.value)):
        return frozenset({Detached(node, text)})
    return frozenset()


def data_without_history(data: AbstractValue, node: cst.CSTNode, text: str) -> frozenset[Detached]:
    """The data a factory (``torch.tensor(data)``, ``Variable(data)``) at ``node`` copies, when it comes from a
    history-carrying tensor: such a tensor itself (or one computed by an op or a module that may require grad,
    like a loss), its ``.data``, values read out of it, or a list of those."""
    found = _copied(data, node, text)
    if found or data.kind is not Kind.SEQUENCE:
        return found
    items = [*(data.elements or ()), *([data.source] if data.source is not None else [])]
    return frozenset().union(*(_copied(item, node, text) for item in items))


def _copied(data: AbstractValue, node: cst.CSTNode, text: str) -> frozenset[Detached]:
    found = read_out(data, node, text)
    if not found and data.kind is Kind.TENSOR and data.requires_grad_tri is not Tri.NO \
            and data.origin is not None and data.origin.how == "computed":
        return frozenset({Detached(node, text)})
    return found


def rebuilt(detached: frozenset[Detached], node: cst.CSTNode, requires_grad: Optional[bool]) -> frozenset[Detached]:
    """The facts of a tensor made at ``node`` from detached data: rebuilt as a new leaf when it requires grad."""
    if requires_grad is not True:
        return detached
    return frozenset(Detached(d.read, d.text, node) for d in detached)


def carried(operands: Iterable[AbstractValue]) -> frozenset[Detached]:
    """What an op's result keeps: the detached data of its operands when every tensor among them is such data
    or a constant that never requires grad (one operand with history reconnects the graph)."""
    found: frozenset[Detached] = frozenset()
    for value in operands:
        if value.detached:
            found = found | value.detached
        elif value.kind is Kind.TENSOR and value.requires_grad_tri is not Tri.NO:
            return frozenset()
    return found

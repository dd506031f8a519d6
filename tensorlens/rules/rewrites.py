"""Syntax facts rules use to build fixes: what a statement holds, how to respell an expression.

Only cheap looks at nodes a rule already has; source text is produced later,
by the engine, for reported findings alone (see :class:`tensorlens.analysis.rule_api.Edit`).
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis.rule_api import Edit

# Expressions that bind tighter than any binary operator: safe as an operand without parentheses.
_ATOMS = (cst.Name, cst.Attribute, cst.Subscript, cst.Call, cst.Integer, cst.Float, cst.Imaginary,
          cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.List, cst.Tuple, cst.Dict,
          cst.Set, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Ellipsis)


def operand_code(node: cst.BaseExpression, code: str) -> str:
    """``code`` of ``node`` ready to stand as the right operand of a binary operator."""
    if isinstance(node, _ATOMS) or node.lpar:
        return code
    return f"({code})"


def append_call(node: cst.BaseExpression, call: str) -> list[Edit]:
    """Edits that call ``call`` (``".item()"``) on the value of ``node``, in parentheses when it needs them."""
    if isinstance(node, _ATOMS) and not node.lpar:
        return [Edit(node, call, "after")]
    return [Edit(node, "(", "before"), Edit(node, ")" + call, "after")]


def is_path(node: cst.CSTNode) -> bool:
    """A name the code can assign to and read again for free: ``t``, ``self.t``, ``batch["x"]``, ``xs[0]``."""
    if getattr(node, "lpar", None):
        return False
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return is_path(node.value)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        index = node.slice[0].slice.value
        return isinstance(index, (cst.SimpleString, cst.Integer)) and is_path(node.value)
    return False


def root_name(node: cst.CSTNode) -> Optional[str]:
    """``p`` for ``p``, ``p.grad``, ``p[0]``, ``p.data.add_(...)``; None for anything else."""
    while True:
        if isinstance(node, cst.Name):
            return node.value
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        else:
            return None


def sole_small_statement(statement: Optional[cst.CSTNode]) -> Optional[cst.BaseSmallStatement]:
    """The one small statement of a line that holds nothing else (no ``a; b``)."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        return statement.body[0]
    return None


def is_whole_statement(statement: Optional[cst.CSTNode], node: cst.CSTNode) -> bool:
    """Does ``statement`` do nothing but ``node``: ``x += 1``, ``x.add_(1)``, ``x[0] = v``, ``t.to(d)``?"""
    small = sole_small_statement(statement)
    if small is None:
        return False
    if small is node:
        return True
    if isinstance(small, cst.Expr):
        return small.value is node
    if isinstance(small, cst.Assign):
        return len(small.targets) == 1 and small.targets[0].target is node
    return False


def loop_names(loop: cst.CSTNode) -> set[str]:
    """The names a ``for`` loop binds (``p`` in ``for p in ...``, ``name, p`` in ``for name, p in ...``)."""
    if not isinstance(loop, cst.For):
        return set()
    names: set[str] = set()
    pending: list[cst.CSTNode] = [loop.target]
    while pending:
        target = pending.pop()
        if isinstance(target, cst.Name):
            names.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            pending.extend(element.value for element in target.elements)
    return names


def reads_attribute(node: cst.CSTNode, base: str, attribute: str) -> bool:
    """Does ``node`` read ``base.<attribute>`` (or ``base....<attribute>``) anywhere?"""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, cst.Attribute) and current.attr.value == attribute and root_name(current) == base:
            return True
        pending.extend(current.children)
    return False

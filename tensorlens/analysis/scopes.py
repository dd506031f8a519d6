"""Python scoping facts found by looking at the syntax: which names functions declare ``global``."""

from __future__ import annotations

from collections import OrderedDict

import libcst as cst

# Nodes never change, and an editor's incremental parse hands back the same node objects for the
# statements an edit did not touch: each statement is searched once, not on every keystroke (a walk
# of a whole 5,000-line module costs tens of milliseconds). Keyed by the node itself (libcst nodes
# hash and compare by identity), which keeps the node alive, so its id cannot be reused meanwhile.
_CACHE_SIZE = 50_000
_declared: OrderedDict[cst.CSTNode, frozenset[str]] = OrderedDict()


def rebound_globals(node: cst.CSTNode) -> set[str]:
    """The names declared ``global`` anywhere under ``node`` (a module, or one function)."""
    if isinstance(node, cst.Module):
        names: set[str] = set()
        for statement in node.body:
            names.update(_declared_under(statement))
        return names
    return set(_declared_under(node))


def _declared_under(node: cst.CSTNode) -> frozenset[str]:
    known = _declared.get(node)
    if known is not None:
        return known
    finder = _GlobalDeclarations()
    node.visit(finder)
    known = _declared[node] = frozenset(finder.names)
    if len(_declared) > _CACHE_SIZE:
        _declared.popitem(last=False)
    return known


class _GlobalDeclarations(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Global(self, node: cst.Global) -> bool:
        self.names.update(item.name.value for item in node.names)
        return False

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return any(isinstance(small, cst.Global) for small in node.body)

    def visit_Expr(self, node: cst.Expr) -> bool:
        return False

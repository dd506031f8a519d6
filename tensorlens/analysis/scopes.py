"""Python scoping facts found by looking at the syntax: which names functions declare ``global``."""

from __future__ import annotations

import libcst as cst


def rebound_globals(node: cst.CSTNode) -> set[str]:
    """The names declared ``global`` anywhere under ``node`` (a module, or one function)."""
    finder = _GlobalDeclarations()
    node.visit(finder)
    return finder.names


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

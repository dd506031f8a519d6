"""Attributes a module's code sets on objects from outside them (``net.use_softmax = False``).

A literal an instance's ``__init__`` stored (``self.use_softmax = True``, or the
``activation='relu'`` it was given) decides branches in its methods only while
nothing else may have changed it: code that sets the attribute on some object
other than ``self`` (or through ``setattr``) makes it untrustworthy.
"""

from __future__ import annotations

import libcst as cst

from tensorlens.analysis.literals import literal_string


def attributes_set_from_outside(module: cst.Module) -> frozenset[str]:
    """The attribute names ``module`` assigns on a base other than ``self``, or names in ``setattr``."""
    finder = _OutsideWrites()
    module.visit(finder)
    return frozenset(finder.names)


class _OutsideWrites(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def _target(self, target: cst.BaseExpression) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value)
        elif isinstance(target, cst.Attribute) and not (isinstance(target.value, cst.Name)
                                                         and target.value.value == "self"):
            self.names.add(target.attr.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "setattr" and len(node.args) >= 2:
            name = literal_string(node.args[1].value)
            self.names.add(name if name is not None else "*")  # a name the engine cannot read: any

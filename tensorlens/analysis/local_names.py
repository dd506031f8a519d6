"""The names a function binds locally, found from its statements alone.

Python decides at compile time that a name assigned anywhere in a function is local to it: until a statement
binds it, reading it raises ``UnboundLocalError``, whatever the module holds under that name. So after
``for batch in loader: loss = ...`` the name ``loss`` holds the loop's last loss or does not exist; a path
where it was never bound ends in an error and tells nothing about the code after the loop.

Only statements are scanned (an assignment expression ``(n := ...)`` is not seen: its name simply keeps the
engine's older, vaguer treatment), which keeps the scan far cheaper than a CST visitor.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst


def local_names(function: cst.FunctionDef) -> frozenset[str]:
    """Names ``function``'s own body binds (parameters, ``global`` and ``nonlocal`` names excluded)."""
    return assigned_names(function) - parameter_names(function)


def assigned_names(function: cst.FunctionDef) -> frozenset[str]:
    """Names a statement of ``function``'s own body binds, parameters included (``layers = list(layers)``
    rebinds the parameter: what the caller passed is no longer what the name holds)."""
    bound: set[str] = set()
    declared: set[str] = set()
    for statement in _statements(function.body):
        if isinstance(statement, (cst.Global, cst.Nonlocal)):
            declared.update(item.name.value for item in statement.names)
        else:
            bound.update(_bound_by(statement))
    return frozenset(bound - declared)


def parameter_names(function: cst.FunctionDef) -> frozenset[str]:
    """Every name ``function`` binds from its arguments."""
    parameters = {param.name.value for param in (*function.params.posonly_params, *function.params.params,
                                                 *function.params.kwonly_params)}
    for star in (function.params.star_arg, function.params.star_kwarg):
        if isinstance(star, cst.Param):
            parameters.add(star.name.value)
    return frozenset(parameters)


def _statements(suite: cst.BaseSuite) -> Iterator[cst.CSTNode]:
    """Every simple statement and compound statement header of ``suite``, not entering nested scopes."""
    body: Sequence[cst.CSTNode] = suite.body if isinstance(suite, (cst.IndentedBlock, cst.SimpleStatementSuite)) \
        else ()
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, cst.BaseSmallStatement):
            yield statement
        else:
            yield statement
            if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                continue
            for child in _suites(statement):
                yield from _statements(child)


def _suites(statement: cst.CSTNode) -> Iterator[cst.BaseSuite]:
    body = getattr(statement, "body", None)
    if isinstance(body, cst.BaseSuite):
        yield body
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for case in getattr(statement, "cases", ()):
        yield case.body
    for clause_name in ("orelse", "finalbody"):
        clause = getattr(statement, clause_name, None)
        while isinstance(clause, cst.If):  # elif chains
            yield clause.body
            clause = clause.orelse
        if isinstance(clause, (cst.Else, cst.Finally)):
            yield clause.body


def _bound_by(statement: cst.CSTNode) -> Iterator[str]:
    if isinstance(statement, cst.Assign):
        for target in statement.targets:
            yield from _target_names(target.target)
    elif isinstance(statement, (cst.AnnAssign, cst.AugAssign)):
        yield from _target_names(statement.target)
    elif isinstance(statement, cst.For):
        yield from _target_names(statement.target)
    elif isinstance(statement, cst.With):
        for item in statement.items:
            if item.asname is not None:
                yield from _target_names(item.asname.name)
    elif isinstance(statement, cst.Try) or isinstance(statement, cst.TryStar):
        for handler in statement.handlers:
            if handler.name is not None:
                yield from _target_names(handler.name.name)
    elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        yield statement.name.value
    elif isinstance(statement, cst.Del):
        yield from _target_names(statement.target)
    elif isinstance(statement, cst.Import):
        for alias in statement.names:
            if alias.asname is not None:
                yield from _target_names(alias.asname.name)
            else:
                yield _leftmost(alias.name)
    elif isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar):
        for alias in statement.names:
            if alias.asname is not None:
                yield from _target_names(alias.asname.name)
            elif isinstance(alias.name, cst.Name):
                yield alias.name.value


def _target_names(target: cst.BaseExpression) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


def _leftmost(name: cst.BaseExpression) -> str:
    while isinstance(name, cst.Attribute):
        name = name.value
    return name.value if isinstance(name, cst.Name) else ""

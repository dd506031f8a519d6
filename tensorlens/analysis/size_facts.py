"""Sizes held by Python ints: literals, arithmetic on them, symbols, and a module's constructor sizes.

A layer's sizes are ints the code computes (``16 * 5 * 5``, ``int(H / 4)``,
``len(classes)``) or receives: a parameter of a module's ``__init__`` is a
symbol there (``Linear(hidden, 10)`` is ``Linear(hidden, 10)`` whatever
``hidden`` is), and an instance created with literal arguments
(``Net(hidden=128)``) carries them, so its attributes read through it have the
sizes it was built with. :class:`ArgumentReader` reads a call's arguments by
parameter name for the shape semantics.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Optional

import libcst as cst

from tensorlens.analysis import constants
from tensorlens.analysis import shapes as sh
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import Operand
from tensorlens.analysis.interprocedural import bind_arguments, default_literal
from tensorlens.analysis.layers import Spatial
from tensorlens.analysis.literals import constant_bool, literal_string
from tensorlens.analysis.shapes import Dim, Shape, Symbol
from tensorlens.analysis.values import SCALAR, UNKNOWN, AbstractValue, Kind

_INTEGER_CONSTANTS: dict[int, AbstractValue] = {}


def integer_value(size: Dim, kind: Kind = Kind.SCALAR) -> AbstractValue:
    """A Python int holding ``size`` (an unknown object holding it when ``kind`` says so)."""
    if kind is Kind.SCALAR and size.literal is not None:
        cached = _INTEGER_CONSTANTS.get(size.literal)
        if cached is None:
            cached = _INTEGER_CONSTANTS[size.literal] = SCALAR.but(integer=size)
        return cached
    return AbstractValue(kind=kind, integer=size)


def size_of(operand: Operand) -> Optional[Dim]:
    """The size an argument holds: its integer fact, or a config value named by its path (``args.batch``)."""
    value = operand.value
    if value.integer is not None:
        return value.integer
    node = operand.node
    if isinstance(node, cst.Integer):
        return sh.literal(int(node.value, 0))
    if value.kind in (Kind.UNKNOWN, Kind.SCALAR) and isinstance(node, (cst.Attribute, cst.Subscript)):
        path = operand.text
        root = path.split(".", 1)[0].split("[", 1)[0]
        if path and root != "self":
            return sh.symbolic(Symbol(("config", path), path, node, "a config value"))
    return None


def sizes_of(value: AbstractValue) -> Optional[tuple[Optional[Dim], ...]]:
    """A tuple, list or ``torch.Size`` of sizes; one int is one size."""
    if value.integer is not None:
        return (value.integer,)
    if value.kind is Kind.SEQUENCE and value.elements is not None:
        return tuple(element.integer for element in value.elements)
    return None


_NUMPY_NAMES = {"axis": "dim", "keepdims": "keepdim"}


class ArgumentReader:
    """A call's arguments by parameter name: ``parameters`` are the names of ``positional`` in order."""

    def __init__(self, positional: Sequence[Operand], keywords: Mapping[str, Operand], parameters: Sequence[str],
                 starred: bool = False):
        self.positional = positional
        # torch takes numpy's names too: ``torch.cat(xs, axis=1)``, ``x.sum(axis=0, keepdims=True)``.
        aliases = {alias: name for alias, name in _NUMPY_NAMES.items() if alias in keywords and name not in keywords}
        self.keywords = {aliases.get(key, key): value for key, value in keywords.items()} if aliases else keywords
        self.parameters = parameters
        self.starred = starred  # a ``*args`` among the arguments: positions past it are unknown

    def operand(self, name: str) -> Optional[Operand]:
        found = self.keywords.get(name)
        if found is not None or self.starred:
            return found
        if name in self.parameters:
            index = self.parameters.index(name)
            if index < len(self.positional):
                return self.positional[index]
        return None

    def given(self, name: str) -> bool:
        return self.starred and name not in self.keywords or self.operand(name) is not None

    def is_none(self, name: str) -> bool:
        found = self.operand(name)
        return found is not None and isinstance(found.node, cst.Name) and found.node.value == "None"

    def dim(self, name: str) -> Optional[Dim]:
        found = self.operand(name)
        return size_of(found) if found is not None else None

    def spatial(self, name: str, count: int) -> Optional[Spatial]:
        found = self.operand(name)
        sizes = sizes_of(found.value) if found is not None else None
        if sizes is None:
            return None
        if len(sizes) == 1:
            return sizes * count
        return sizes if len(sizes) == count else None

    def sizes(self, name: str) -> Optional[tuple[Optional[Dim], ...]]:
        found = self.operand(name)
        return sizes_of(found.value) if found is not None else None

    def flag(self, name: str) -> Optional[bool]:
        found = self.operand(name)
        return constant_bool(found.node) if found is not None else None

    def text(self, name: str) -> Optional[str]:
        found = self.operand(name)
        node = found.node if found is not None else None
        return literal_string(node) if isinstance(node, cst.BaseExpression) else None

    def shape(self, name: str) -> Optional[Shape]:
        found = self.operand(name)
        return found.value.shape if found is not None and found.value.kind is Kind.TENSOR else None

    def variadic_sizes(self) -> Optional[tuple[Optional[Dim], ...]]:
        if self.starred:
            return None
        if not self.positional:
            keyword = self.keywords.get(self.parameters[0]) if self.parameters else None
            return sizes_of(keyword.value) if keyword is not None else None
        if len(self.positional) == 1:
            only = self.positional[0]
            if only.value.kind is Kind.SEQUENCE or only.value.integer is not None:
                return sizes_of(only.value)
            if isinstance(only.node, cst.Integer):
                return (sh.literal(int(only.node.value, 0)),)
            return None  # one unknown argument may be a whole size tuple
        return tuple(size_of(operand) for operand in self.positional)


# --- exact arithmetic on literals, for int(a / b), math.floor, math.ceil ---------------------------------------------

_INTEGER_OPERATIONS = {"+", "-", "*", "//", "%", "**"}


def integer_result(operation: str, left: Dim, right: Dim) -> Optional[Dim]:
    """``left <operation> right`` for sizes: products of symbols, sums of like terms, literal arithmetic."""
    if operation == "*":
        return left.times(right)
    if operation in ("+", "-") and left.symbols == right.symbols:
        total = left.coefficient + right.coefficient if operation == "+" else left.coefficient - right.coefficient
        return sh.literal(total) if not left.symbols else (Dim(total, left.symbols) if total else sh.literal(0))
    a, b = left.literal, right.literal
    if a is None or b is None:
        if operation == "//" and right.literal is not None and right.literal > 0:
            return left.divided_by(right)
        return None
    if operation == "//" and b:
        return sh.literal(a // b)
    if operation == "%" and b:
        return sh.literal(a % b)
    if operation == "**" and 0 <= b < 64:
        return sh.literal(a ** b)
    return None


class SizeSemantics(Engine):
    """Part: integer facts (constants, arithmetic, builtins), parameters as symbols, constructor sizes."""

    def integer_constant(self, node: cst.Integer) -> AbstractValue:
        """An int literal holds its value."""
        try:
            return integer_value(sh.literal(int(node.value, 0)))
        except ValueError:
            return SCALAR

    def integer_arithmetic(self, operation: str, operands: list[Operand], result: AbstractValue) -> AbstractValue:
        """``a * b`` on ints: the size it computes, when both are known."""
        if len(operands) != 2 or operation not in _INTEGER_OPERATIONS:
            return result
        left, right = operands[0].value.integer, operands[1].value.integer
        if left is None or right is None or result.kind not in (Kind.SCALAR, Kind.UNKNOWN):
            return result
        size = integer_result(operation, left, right)
        return integer_value(size, result.kind) if size is not None else result

    def negated(self, value: AbstractValue, result: AbstractValue) -> AbstractValue:
        """``-n``."""
        size = value.integer
        if size is None or result.kind is not Kind.SCALAR or size.symbols:
            return result
        return integer_value(sh.literal(-size.coefficient))

    def size_builtin(self, name: str, node: cst.Call, args: list[Operand], result: AbstractValue) -> AbstractValue:
        """``len(...)``, ``int(...)`` (exact on ``a / b`` of literals), ``math.floor``/``math.ceil``."""
        if result.kind is not Kind.SCALAR or len(args) != 1:
            return result
        argument = args[0]
        if name == "len":
            value = argument.value
            if value.kind is Kind.TENSOR and value.shape is not None and value.shape.exact and value.shape.dims:
                first = value.shape.dims[0]
                return integer_value(first) if first is not None else result
            if value.elements is not None:
                return integer_value(sh.literal(len(value.elements)))
            if value.kind in (Kind.TENSOR, Kind.UNKNOWN):
                # A length nobody computed is still one size wherever it is used (``torch.zeros(2, len(X), H)``).
                text = f"len({argument.text})"
                return integer_value(sh.symbolic(Symbol(node, text, node, text, provisional=True)))
            return result
        if name in ("int", "floor", "ceil", "round"):
            if argument.value.integer is not None:
                return integer_value(argument.value.integer)
            exact = self.exact_number(argument.node)
            if exact is not None:
                rounded = exact.__ceil__() if name == "ceil" else round(exact) if name == "round" else \
                    int(exact) if name == "int" else exact.__floor__()
                return integer_value(sh.literal(rounded))
        return result

    def exact_number(self, node: cst.CSTNode, depth: int = 0) -> Optional[Fraction]:
        """The exact value of an arithmetic expression of literal ints and names holding them (no calls)."""
        if depth > 8:
            return None
        if isinstance(node, cst.Integer):
            return Fraction(int(node.value, 0))
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            inner = self.exact_number(node.expression, depth + 1)
            return -inner if inner is not None else None
        if isinstance(node, (cst.Name, cst.Attribute)):
            path = self.path_of(node)
            value = self.state.get(path) if path is not None and self.state is not None else None
            if value is None and isinstance(node, cst.Attribute) and self.state is not None:
                # ``self.H``: an attribute the state does not hold, read as the walk reads it, without events.
                self.muted += 1
                try:
                    value = self.eval(node)
                finally:
                    self.muted -= 1
            size = value.integer if value is not None else None
            return Fraction(size.literal) if size is not None and size.literal is not None else None
        if isinstance(node, cst.BinaryOperation):
            left, right = self.exact_number(node.left, depth + 1), self.exact_number(node.right, depth + 1)
            if left is None or right is None:
                return None
            operator = node.operator
            if isinstance(operator, cst.Divide):
                return left / right if right else None
            if isinstance(operator, cst.Multiply):
                return left * right
            if isinstance(operator, cst.Add):
                return left + right
            if isinstance(operator, cst.Subtract):
                return left - right
            if isinstance(operator, cst.FloorDivide):
                return Fraction(left // right) if right else None
        return None

    def named_size(self, path: str, value: AbstractValue) -> AbstractValue:
        """``B = x.size(0)``: a size known by the expression that read it takes the variable's name."""
        size = value.integer
        if size is None or len(size.symbols) != 1 or not size.symbols[0].provisional or "." in path or "[" in path:
            return value
        return value.but(integer=Dim(size.coefficient, (size.symbols[0].renamed(path),)))

    def parameter_value(self, function: cst.FunctionDef, class_model: Optional[ClassModel],
                        name: str) -> AbstractValue:
        """An ``nn.Module``'s ``__init__`` parameter, while its value is unknown: whatever it is, as a size it is
        a symbol named after it (``Linear(hidden, 10)``), which an instance's constructor sizes replace."""
        if class_model is None or not class_model.is_module or function.name.value != "__init__":
            return UNKNOWN
        for param in (*function.params.posonly_params, *function.params.params, *function.params.kwonly_params):
            if param.name.value == name:
                symbol = Symbol(param, name, param, f"a parameter of {class_model.name}.__init__")
                return AbstractValue(kind=Kind.UNKNOWN, integer=sh.symbolic(symbol))
        return UNKNOWN

    def sized_instance(self, node: cst.Call, args: Sequence[Operand], keywords: Sequence[tuple[str, Operand]],
                       instance: AbstractValue) -> AbstractValue:
        """``Net(784, hidden=128)``: the instance remembers the sizes its ``__init__`` parameters were given
        (or default to), so its layers read through it have them."""
        if instance.kind is not Kind.MODULE or instance.class_name is None or any(arg.star for arg in node.args):
            return instance  # positions past a ``*args`` are unknown
        found = self.find_method(instance.class_name, "__init__")
        if found is None:
            return instance
        definition = found[1]
        bound = bind_arguments(definition, True, args, keywords)
        sizes: list[tuple[Symbol, Dim]] = []
        literals: list[tuple[Symbol, str | bool]] = []
        for param in (*definition.params.posonly_params, *definition.params.params, *definition.params.kwonly_params):
            name = param.name.value
            value = bound.get(name)
            given = value if value is not None else default_literal(param.default) if param.default else None
            if given is not None and given.literal is not None:
                literals.append((Symbol(param, name), given.literal))
            size = value.integer if value is not None else _default_size(param)
            if size is None and (value is not None or param.default is None):
                # Given a size unknown here: this instance's own, never the same as another instance's (three
                # blocks built with int(w * 0.2), int(w * 0.3), int(w * 0.5) differ though one parameter names them).
                size = sh.symbolic(Symbol((node, name), name, node, f"`{name}` given at this call"))
            if size is not None:
                sizes.append((Symbol(param, name), size))
        if literals:
            instance = instance.but(constructor_literals=tuple(literals))
        return instance.but(constructor_sizes=tuple(sizes)) if sizes else instance

    def with_constructor_sizes(self, base: AbstractValue, attribute: AbstractValue) -> AbstractValue:
        """An attribute template read through an instance: its ``__init__`` symbols replaced by the instance's
        constructor sizes; a parameter kept as it came (``self.activation = activation``) is the literal the
        instance was given, if it was given one."""
        held = attribute.integer
        if base.constructor_literals and held is not None and held.coefficient == 1 and len(held.symbols) == 1 \
                and attribute.kind is Kind.UNKNOWN:
            literal = dict(base.constructor_literals).get(held.symbols[0])
            if literal is not None:
                return constants.boolean(literal) if isinstance(literal, bool) else constants.string(literal)
        if not base.constructor_sizes:
            return attribute
        return substitute(attribute, dict(base.constructor_sizes))


def _default_size(param: cst.Param) -> Optional[Dim]:
    default = param.default
    if isinstance(default, cst.Integer):
        return sh.literal(int(default.value, 0))
    return None


# --- substitution ----------------------------------------------------------------------------------------------

def substitute_dim(dim: Optional[Dim], sizes: Mapping[Symbol, Dim]) -> Optional[Dim]:
    """``dim`` with each symbol that ``sizes`` binds replaced by its size."""
    if dim is None or not dim.symbols:
        return dim
    result = sh.literal(dim.coefficient)
    for symbol in dim.symbols:
        result = result.times(sizes.get(symbol, sh.symbolic(symbol)))
    return result


def _substitute_any(item: Any, sizes: Mapping[Symbol, Dim], depth: int) -> Any:
    if isinstance(item, Dim):
        return substitute_dim(item, sizes)
    if isinstance(item, Shape):
        return Shape(tuple(substitute_dim(d, sizes) for d in item.dims), item.exact)
    if isinstance(item, AbstractValue):
        return substitute(item, sizes, depth + 1)
    if isinstance(item, tuple):
        return tuple(_substitute_any(element, sizes, depth) for element in item)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        changes = {f.name: _substitute_any(getattr(item, f.name), sizes, depth) for f in dataclasses.fields(item)}
        return dataclasses.replace(item, **changes)
    return item


def substitute(value: AbstractValue, sizes: Mapping[Symbol, Dim], depth: int = 0) -> AbstractValue:
    """``value`` (its shape, int, layer, constructor sizes, elements) with symbols bound by ``sizes`` replaced."""
    if depth > 6 or not sizes:
        return value
    changes: dict[str, Any] = {}
    if value.shape is not None:
        changes["shape"] = _substitute_any(value.shape, sizes, depth)
    if value.integer is not None and value.integer.symbols:
        changes["integer"] = substitute_dim(value.integer, sizes)
    if value.layer is not None:
        changes["layer"] = _substitute_any(value.layer, sizes, depth)
    if value.constructor_sizes:
        changes["constructor_sizes"] = tuple((symbol, substitute_dim(size, sizes) or size)
                                             for symbol, size in value.constructor_sizes)
    if value.elements is not None:
        changes["elements"] = tuple(substitute(element, sizes, depth + 1) for element in value.elements)
    return value.but(**changes) if changes else value

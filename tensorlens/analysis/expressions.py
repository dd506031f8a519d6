"""Expression evaluation: names, attribute chains, subscripts and operators."""

from __future__ import annotations

from functools import partial
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.events import AttributeUse, Operand, OperandsMeet, SharedWriteObserved
from tensorlens.analysis.values import (
    OTHER, SCALAR, UNKNOWN, AbstractValue, Device, Kind, Located, Origin, Tri, ViewBase, api as api_ref,
    tensor,
)

MAX_TEXT = 60

BINARY_SYMBOLS = {
    cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Divide: "/", cst.FloorDivide: "//",
    cst.Modulo: "%", cst.Power: "**", cst.MatrixMultiply: "@", cst.BitAnd: "&", cst.BitOr: "|",
    cst.BitXor: "^", cst.LeftShift: "<<", cst.RightShift: ">>",
}

TENSOR_METADATA_ATTRIBUTES = frozenset(
    {"shape", "dtype", "ndim", "is_cuda", "is_leaf", "requires_grad", "layout", "names", "is_sparse",
     "is_meta", "grad_fn", "itemsize", "nbytes", "size", "strides", "is_quantized", "is_mps"}
)


# Expressions are shown with their whitespace collapsed, so any module's code generation will do; one that
# is not the file's keeps an operand's deferred text from holding the whole analysis alive.
_CODEGEN = cst.Module(body=[])


def access_path(node: cst.CSTNode) -> Optional[str]:
    """``model.fc.weight`` or ``batch["x"]`` for a chain the state can key; else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = access_path(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, (cst.SimpleString, cst.Integer)):
            base = access_path(node.value)
            return None if base is None else f"{base}[{index.value.value}]"
    return None


def short_text(node: cst.CSTNode) -> str:
    """Short source text of an expression, for messages."""
    path = access_path(node)
    if path is not None:
        return path
    text = " ".join(_CODEGEN.code_for_node(node).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class ExpressionEvaluator:
    """Mixin: evaluates expressions against ``self.state``."""

    # --- text and paths ----------------------------------------------------------

    def path_of(self, node: cst.BaseExpression) -> Optional[str]:
        """``model.fc.weight`` or ``batch["x"]`` for a chain the state can key; else None."""
        return access_path(node)

    def text_of(self, node: cst.CSTNode) -> str:
        """Short source text of an expression, for messages."""
        return short_text(node)

    def operand(self, node: cst.BaseExpression, value: Optional[AbstractValue] = None) -> Operand:
        """The expression with its value (evaluated unless given)."""
        if value is None:
            value = self.eval(node)
        # Unknown values get a name only when they have one (no code generation for them).
        path = self.path_of(node)
        if path is None and value.kind is not Kind.UNKNOWN:
            return Operand(node, partial(short_text, node), value)  # made only if a message needs it
        return Operand(node, path or "", value)

    # --- evaluation -------------------------------------------------------------------

    def eval(self, node: cst.BaseExpression) -> AbstractValue:
        """The abstract value of ``node``; emits the events of everything inside it."""
        handler = _EVALUATORS.get(type(node))
        if handler is None:
            self.eval_children(node)
            return UNKNOWN
        return handler(self, node)

    def eval_children(self, node: cst.CSTNode) -> None:
        """Walk sub-expressions of a node the engine has no model for."""
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self.eval(child)
            elif not isinstance(child, (cst.BaseSuite, cst.BaseStatement)):
                self.eval_children(child)

    def eval_name(self, node: cst.Name) -> AbstractValue:
        name = node.value
        if name in ("True", "False", "None"):
            return OTHER
        value = self.read_path(name, node)
        self.record(node, name, value)
        return value

    def read_path(self, path: str, node: cst.CSTNode) -> AbstractValue:
        """The value at ``path``; a read may observe a pending shared-memory write."""
        assert self.state is not None
        value = self.state.get(path) or UNKNOWN
        if value.aliases and self.state.pending_writes:
            self.observe_shared_read(Operand(node, path, value))
        return value

    def observe_shared_read(self, reader: Operand) -> None:
        assert self.state is not None
        for group in reader.value.aliases:
            write = self.state.pending_writes.get(group.ident)
            if write is None or write.writer_value.kind is reader.value.kind:
                continue
            del self.state.pending_writes[group.ident]
            writer = Operand(write.node, write.writer_text, write.writer_value)
            self.emit(SharedWriteObserved(write.node, writer, write.how, reader, group))

    def eval_attribute(self, node: cst.Attribute) -> AbstractValue:
        assert self.state is not None
        path = self.path_of(node)
        if path is not None and path in self.state.values:
            base = self.state.get(path.rsplit(".", 1)[0]) or UNKNOWN
            value = self.read_path(path, node)
        else:
            base = self.eval(node.value)
            value = self.attribute_of(base, node.attr.value, node)
        if base.kind is not Kind.UNKNOWN and base.kind is not Kind.API:
            self.emit(AttributeUse(node, Operand(node.value, self.text_of(node.value), base),
                                   node.attr.value, node.attr, store=False))
        if path is not None:
            self.record(node, path, value)
        return value

    def attribute_of(self, base: AbstractValue, attr: str, node: cst.CSTNode) -> AbstractValue:
        """Derive ``base.attr`` from what is known of ``base``."""
        if base.kind is Kind.API:
            return api_ref(f"{base.qualified}.{attr}")
        if base.kind is Kind.TENSOR:
            return self.tensor_attribute(base, attr, node)
        if base.kind is Kind.MODULE:
            return self.module_attribute(base, attr)
        if base.kind is Kind.NDARRAY and attr == "T":
            return base.but(origin=Origin(node, "transposed"))
        return UNKNOWN

    def tensor_attribute(self, base: AbstractValue, attr: str, node: cst.CSTNode) -> AbstractValue:
        if attr == "device":
            return AbstractValue(kind=Kind.DEVICE, denotes=base.known_device, device=base.device)
        if attr == "data":
            # .data shares storage but is detached: autograd neither sees nor checks writes to it.
            return tensor(Origin(node, ".data"), base.device, Located(False, Origin(node, ".data")),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, aliases=base.aliases, is_scalar=base.is_scalar)
        if attr == "grad":
            return tensor(Origin(node, ".grad"), base.device, Located(False), is_leaf=Tri.YES,
                          has_grad_fn=Tri.NO, is_scalar=base.is_scalar)
        if attr in api.VIEW_ATTRIBUTES:
            return self.view_result(base, node, "view")
        if attr in TENSOR_METADATA_ATTRIBUTES:
            return OTHER
        return UNKNOWN

    def module_attribute(self, base: AbstractValue, attr: str) -> AbstractValue:
        model = self.classes.get(base.class_name) if base.class_name else None
        if model is not None:
            template = model.attributes.get(attr)
            if template is None:
                return UNKNOWN
            if attr in model.registered and template.kind in (Kind.TENSOR, Kind.MODULE):
                return template.but(device=base.device)
            return template
        if attr in api.PARAMETER_ATTRIBUTES and base.has_parameters is not Tri.NO:
            return tensor(None, base.device, Located(None if self.parameters_frozen else True),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_parameter=True)
        if base.class_name is None and base.has_parameters is not Tri.NO and attr.isidentifier() \
                and not attr.startswith("_"):
            # An unmodeled model's attribute: assume a submodule so that `model.fc.weight`
            # is still known to be a parameter; calls through it compare devices only.
            return AbstractValue(kind=Kind.MODULE, device=base.device, has_parameters=Tri.UNKNOWN)
        return UNKNOWN

    def view_result(self, base: AbstractValue, node: cst.CSTNode, how: str) -> AbstractValue:
        """A view of ``base``: same storage and facts, a non-leaf when it tracks grad."""
        view_base = base.view_of or (ViewBase(self.text_of(_origin_expr(node)), base, node)
                                     if base.kind is Kind.TENSOR else None)
        requires = base.requires_grad_tri
        leaf = Tri.NO if requires is Tri.YES else (Tri.YES if requires is Tri.NO else Tri.UNKNOWN)
        return base.but(origin=Origin(node, how), view_of=view_base, is_leaf=leaf,
                        has_grad_fn=Tri.YES if requires is Tri.YES else base.has_grad_fn, is_parameter=False,
                        is_scalar=Tri.UNKNOWN)

    def eval_subscript(self, node: cst.Subscript) -> AbstractValue:
        assert self.state is not None
        path = self.path_of(node)
        if path is not None and path in self.state.values:
            self.eval(node.value)
            return self.read_path(path, node)
        base = self.eval(node.value)
        basic = True
        for element in node.slice:
            index = element.slice
            if isinstance(index, cst.Index):
                value = self.eval(index.value)
                if not _is_basic_index(index.value, value):
                    basic = False
            else:
                self.eval_children(index)
        if base.kind is Kind.TENSOR:
            if basic:
                return self.view_result(base, node, "indexed")
            requires = base.requires_grad_tri
            return tensor(Origin(node, "indexed"), base.device, base.requires_grad,
                          is_leaf=Tri.NO if requires is Tri.YES else Tri.UNKNOWN, has_grad_fn=requires)
        if base.kind is Kind.NDARRAY:
            return base.but(origin=Origin(node, "indexed")) if basic else AbstractValue(kind=Kind.NDARRAY)
        if base.elements is not None and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index) and isinstance(index.value, cst.Integer):
                position = int(index.value.value, 0)
                if -len(base.elements) <= position < len(base.elements):
                    return base.elements[position]
        if base.kind is Kind.SEQUENCE and base.source is not None and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index) and isinstance(index.value, cst.Integer):
                return base.source
        if base.items is not None and path is not None:
            key = path[path.rindex("[") + 1: -1]
            for item_key, item in base.items:
                if item_key == key:
                    return item
        return UNKNOWN

    # --- operators -------------------------------------------------------------------

    def eval_binary(self, node: cst.BinaryOperation) -> AbstractValue:
        left = self.operand(node.left)
        right = self.operand(node.right)
        symbol = BINARY_SYMBOLS.get(type(node.operator), "op")
        return self.combine([left, right], node, symbol)

    def combine(self, operands: list[Operand], node: cst.CSTNode, operation: str,
                grad: bool = True) -> AbstractValue:
        """The result of an op over ``operands``; emits OperandsMeet when tensors meet."""
        tensors = [o for o in operands if o.value.kind is Kind.TENSOR]
        if len(tensors) >= 2:
            self.emit(OperandsMeet(node, operation, tuple(tensors)))
        if not tensors:
            if all(o.value.kind is Kind.NDARRAY or o.value.kind is Kind.SCALAR for o in operands) and \
                    any(o.value.kind is Kind.NDARRAY for o in operands):
                return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "computed"))
            if all(o.value.kind is Kind.SCALAR for o in operands):
                return SCALAR
            return UNKNOWN
        if any(o.value.kind not in (Kind.TENSOR, Kind.SCALAR) for o in operands):
            return UNKNOWN
        return self.op_result(tensors, node, grad, op=api.OPERATOR_OPS.get(operation), operands=operands,
                              label=operation)

    def op_result(self, tensors: list[Operand], node: cst.CSTNode, grad: bool = True, op: Optional[str] = None,
                  operands: Optional[list[Operand]] = None, label: Optional[str] = None) -> AbstractValue:
        """A new tensor computed from ``tensors`` (device, grad history, 0-dim-ness).

        ``op`` names the op for the autograd table (what it saves for backward);
        ``operands`` are all its arguments in order, ``label`` its name in messages.
        """
        assert self.state is not None
        device = _result_device([o.value for o in tensors])
        requires = Tri.NO
        for operand in tensors:
            requires = requires | operand.value.requires_grad_tri
        if not grad or self.state.grad_enabled is Tri.NO:
            requires = Tri.NO
        elif self.state.grad_enabled is Tri.UNKNOWN and requires is Tri.YES:
            requires = Tri.UNKNOWN
        scalar = Tri.YES if all(o.value.is_scalar is Tri.YES for o in tensors) else Tri.UNKNOWN
        requires_fact = Located(None if requires is Tri.UNKNOWN else requires is Tri.YES, Origin(node, "computed"))
        graph, saved = self.autograd_history(op, node, tensors if operands is None else operands, requires, label)
        return tensor(Origin(node, "computed"), device, requires_fact,
                      is_leaf=Tri.NO if requires is Tri.YES else (Tri.YES if requires is Tri.NO else Tri.UNKNOWN),
                      has_grad_fn=requires, is_scalar=scalar, graph=graph, saved_for=saved)

    def eval_unary(self, node: cst.UnaryOperation) -> AbstractValue:
        value = self.eval(node.expression)
        if value.kind is Kind.TENSOR and not isinstance(node.operator, cst.Not):
            return self.op_result([Operand(node.expression, "", value)], node)
        if value.kind is Kind.SCALAR:
            return SCALAR
        return OTHER if isinstance(node.operator, cst.Not) else UNKNOWN

    def eval_comparison(self, node: cst.Comparison) -> AbstractValue:
        operands = [self.operand(node.left)]
        operands.extend(self.operand(target.comparator) for target in node.comparisons)
        if any(isinstance(t.operator, (cst.Is, cst.IsNot, cst.In, cst.NotIn)) for t in node.comparisons):
            return OTHER
        return self.combine(operands, node, "comparison", grad=False)

    def eval_boolean(self, node: cst.BooleanOperation) -> AbstractValue:
        self.eval(node.left)
        self.eval(node.right)
        return UNKNOWN

    def eval_if_expression(self, node: cst.IfExp) -> AbstractValue:
        self.eval(node.test)
        body, orelse = self.eval(node.body), self.eval(node.orelse)
        devices = (self.device_of(node.body, body), self.device_of(node.orelse, orelse))
        if all(d is not None for d in devices) and devices[0] != devices[1]:
            accelerators = [d for d in devices if d.kind != "cpu"]
            if len(accelerators) == 1 and any(d.kind == "cpu" for d in devices):
                symbolic = Device("symbolic", accelerator=accelerators[0].kind)
                return AbstractValue(kind=Kind.DEVICE, denotes=symbolic)
        return body.join(orelse)

    def eval_sequence(self, node: cst.BaseExpression) -> AbstractValue:
        values = tuple(self.eval(element.value) for element in node.elements)
        if any(isinstance(element, cst.StarredElement) for element in node.elements):
            return AbstractValue(kind=Kind.SEQUENCE)
        return AbstractValue(kind=Kind.SEQUENCE, elements=values)

    def eval_dict(self, node: cst.Dict) -> AbstractValue:
        items = []
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                self.eval(element.key)
                value = self.eval(element.value)
                if isinstance(element.key, cst.SimpleString):
                    items.append((element.key.value, value))
            else:
                self.eval(element.value)
        return AbstractValue(kind=Kind.MAPPING, items=tuple(items))

    def eval_named_expression(self, node: cst.NamedExpr) -> AbstractValue:
        value = self.eval(node.value)
        self.assign(node.target, value, node.value)
        return value

    def eval_lambda(self, node: cst.Lambda) -> AbstractValue:
        assert self.state is not None
        saved = self.state
        self.state = saved.copy()
        for param in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params):
            self.state.bind(param.name.value, UNKNOWN)
        try:
            self.eval(node.body)
        finally:
            self.state = saved
        return OTHER

    def eval_comprehension(self, node: cst.BaseExpression) -> AbstractValue:
        assert self.state is not None
        saved = self.state
        self.state = saved.copy()
        try:
            clause = node.for_in
            while clause is not None:
                iterable = self.eval(clause.iter)
                self.assign(clause.target, self.element_of(iterable, clause.iter), None)
                for condition in clause.ifs:
                    self.eval(condition.test)
                clause = clause.inner_for_in
            if isinstance(node, cst.DictComp):
                self.eval(node.key)
                self.eval(node.value)
            else:
                self.eval(node.elt)
        finally:
            self.state = saved
        return AbstractValue(kind=Kind.SEQUENCE)

    def eval_constant(self, node: cst.BaseExpression) -> AbstractValue:
        if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
            return SCALAR
        text = literal_string(node)
        device = Device.parse(text) if text is not None and len(text) <= 16 else None
        if device is not None:
            return AbstractValue(kind=Kind.DEVICE, denotes=device)
        return OTHER

    # --- devices -----------------------------------------------------------------------

    def device_of(self, node: Optional[cst.BaseExpression], value: AbstractValue) -> Optional[Device]:
        """The device an argument denotes: ``"cuda:0"``, ``torch.device(...)``, ``x.device``."""
        if node is not None:
            text = literal_string(node)
            if text is not None:
                return Device.parse(text)
        if value.kind is Kind.DEVICE:
            return value.denotes
        return None


def literal_string(node: cst.BaseExpression) -> Optional[str]:
    """The value of a plain string literal (no f-string), else None."""
    if isinstance(node, cst.SimpleString):
        raw = node.value
        prefix_end = next((i for i, ch in enumerate(raw) if ch in "'\""), 0)
        prefix = raw[:prefix_end].lower()
        if "b" in prefix or "f" in prefix:
            return None
        quote = raw[prefix_end:prefix_end + 3] if raw[prefix_end:prefix_end + 3] in ('"""', "'''") \
            else raw[prefix_end]
        return raw[prefix_end + len(quote): len(raw) - len(quote)]
    return None


def _is_basic_index(node: cst.BaseExpression, value: AbstractValue) -> bool:
    """Slices, integers, ``None`` and ``...`` index without copying (PyTorch's basic indexing)."""
    if isinstance(node, (cst.Integer, cst.Ellipsis)):
        return True
    if isinstance(node, cst.Name) and node.value == "None":
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.expression, cst.Integer):
        return True
    return False


def _origin_expr(node: cst.CSTNode) -> cst.CSTNode:
    if isinstance(node, cst.Subscript):
        return node.value
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.value
    if isinstance(node, cst.Attribute):
        return node.value
    return node


def _result_device(values: list[AbstractValue]) -> Located:
    """Where an op's result lives: the non-scalar operands' common device, if known."""
    candidates = [v for v in values if v.is_scalar is not Tri.YES] or values
    first = candidates[0].device
    for other in candidates[1:]:
        if other.device.value != first.value:
            return Located(None)
    return first


_EVALUATORS = {
    cst.Name: ExpressionEvaluator.eval_name,
    cst.Attribute: ExpressionEvaluator.eval_attribute,
    cst.Subscript: ExpressionEvaluator.eval_subscript,
    cst.BinaryOperation: ExpressionEvaluator.eval_binary,
    cst.UnaryOperation: ExpressionEvaluator.eval_unary,
    cst.Comparison: ExpressionEvaluator.eval_comparison,
    cst.BooleanOperation: ExpressionEvaluator.eval_boolean,
    cst.IfExp: ExpressionEvaluator.eval_if_expression,
    cst.Tuple: ExpressionEvaluator.eval_sequence,
    cst.List: ExpressionEvaluator.eval_sequence,
    cst.Dict: ExpressionEvaluator.eval_dict,
    cst.NamedExpr: ExpressionEvaluator.eval_named_expression,
    cst.Lambda: ExpressionEvaluator.eval_lambda,
    cst.ListComp: ExpressionEvaluator.eval_comprehension,
    cst.SetComp: ExpressionEvaluator.eval_comprehension,
    cst.GeneratorExp: ExpressionEvaluator.eval_comprehension,
    cst.DictComp: ExpressionEvaluator.eval_comprehension,
    cst.Integer: ExpressionEvaluator.eval_constant,
    cst.Float: ExpressionEvaluator.eval_constant,
    cst.Imaginary: ExpressionEvaluator.eval_constant,
    cst.SimpleString: ExpressionEvaluator.eval_constant,
    cst.ConcatenatedString: ExpressionEvaluator.eval_constant,
    cst.Call: lambda self, node: self.eval_call(node),
}

"""Statement execution: assignment, control flow, imports, classes, grad-mode contexts."""

from __future__ import annotations

from typing import Optional, Sequence

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.events import AttributeUse, Operand
from tensorlens.analysis.state import join_all
from tensorlens.analysis.values import (
    OTHER, UNKNOWN, AbstractValue, Device, Kind, Located, Origin, Tri, api as api_ref, tensor,
)

AUGMENTED_SYMBOLS = {
    cst.AddAssign: "+=", cst.SubtractAssign: "-=", cst.MultiplyAssign: "*=", cst.DivideAssign: "/=",
    cst.FloorDivideAssign: "//=", cst.ModuloAssign: "%=", cst.PowerAssign: "**=",
    cst.MatrixMultiplyAssign: "@=", cst.BitAndAssign: "&=", cst.BitOrAssign: "|=", cst.BitXorAssign: "^=",
    cst.LeftShiftAssign: "<<=", cst.RightShiftAssign: ">>=",
}


class StatementExecutor:
    """Mixin: executes statements against ``self.state`` (None once unreachable)."""

    def exec_block(self, statements: Sequence[cst.BaseStatement]) -> None:
        outer = self.statement
        for statement in statements:
            if self.state is None:
                break
            handler = _STATEMENTS.get(type(statement))
            if handler is not None:
                self.statement = statement
                handler(self, statement)
        self.statement = outer

    def exec_suite(self, suite: cst.BaseSuite) -> None:
        if isinstance(suite, cst.IndentedBlock):
            self.exec_block(suite.body)
        else:
            self.exec_small_statements(suite.body)

    def exec_simple_line(self, line: cst.SimpleStatementLine) -> None:
        self.exec_small_statements(line.body)

    def exec_small_statements(self, statements: Sequence[cst.BaseSmallStatement]) -> None:
        for small in statements:
            if self.state is None:
                return
            kind = type(small)
            if kind is cst.Expr:
                if isinstance(small.value, cst.Call):
                    self.eval_call(small.value, discarded=True)
                else:
                    self.eval(small.value)
            elif kind is cst.Assign:
                value = self.eval_accumulation(small) if self.loops else None
                if value is None:
                    value = self.eval(small.value)
                for target in small.targets:
                    self.assign(target.target, value, small.value)
            elif kind is cst.AnnAssign:
                value = self.eval(small.value) if small.value is not None else UNKNOWN
                if small.value is not None:
                    self.assign(small.target, value, small.value)
            elif kind is cst.AugAssign:
                self.exec_augmented(small)
            elif kind is cst.Return:
                value = self.eval(small.value) if small.value is not None else OTHER
                if self.returns is not None:
                    self.returns.append(value)
                self.state = None
            elif kind is cst.Raise:
                if small.exc is not None:
                    self.eval(small.exc)
                self.state = None
            elif kind is cst.Break:
                self.loops[-1].breaks.append(self.state.copy()) if self.loops else None
                self.state = None
            elif kind is cst.Continue:
                self.loops[-1].continues.append(self.state.copy()) if self.loops else None
                self.state = None
            elif kind is cst.Import:
                for alias in small.names:
                    self.bind_import(alias, None)
            elif kind is cst.ImportFrom:
                self.exec_import_from(small)
            elif kind is cst.Del:
                self.forget_target(small.target)
            elif kind in (cst.Assert,):
                self.eval(small.test)
            elif kind in (cst.Global, cst.Nonlocal, cst.Pass):
                pass
            else:
                self.eval_children(small)

    # --- assignment ------------------------------------------------------------------

    def assign(self, target: cst.BaseExpression, value: AbstractValue,
               value_node: Optional[cst.BaseExpression]) -> None:
        """Bind ``target`` to ``value`` (unpacking tuples, recording ``self.x`` in ``__init__``)."""
        assert self.state is not None
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = value.elements
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            for position, element in enumerate(target.elements):
                item = UNKNOWN
                if elements is not None and not starred and len(elements) == len(target.elements):
                    item = elements[position]
                elif elements is None and value.kind is Kind.SEQUENCE and value.source is not None \
                        and not isinstance(element, cst.StarredElement):
                    item = value.source
                item_node = None
                if isinstance(value_node, (cst.Tuple, cst.List)) and len(value_node.elements) == len(target.elements):
                    item_node = value_node.elements[position].value
                self.assign(element.value, item, item_node)
            return
        if isinstance(target, cst.StarredElement):
            self.assign(target.value, UNKNOWN, None)
            return
        if isinstance(target, cst.Subscript):
            self.assign_subscript(target, value, value_node)
            return
        if isinstance(target, cst.Attribute):
            base = self.eval(target.value)
            self.emit(AttributeUse(target, Operand(target.value, self.text_of(target.value), base),
                                   target.attr.value, target.attr, store=True))
            if target.attr.value == "grad" and self.loops and not self.muted:
                self.loops[-1].clears_grads = True
            if base.kind is Kind.TENSOR and target.attr.value == "requires_grad":
                flag = value_node.value == "True" if isinstance(value_node, cst.Name) and \
                    value_node.value in ("True", "False") else None
                if base.is_parameter and flag is not True:
                    self.parameters_frozen = True
                value = base.but(requires_grad=Located(flag, Origin(target, "requires_grad set")))
                target = target.value
        path = self.path_of(target)
        if path is None:
            return
        value = self.named(path, value)
        self.state.bind(path, value)
        self.note_self_attribute(path, value, registered=False)
        self.record(target, path, value)

    def named(self, path: str, value: AbstractValue) -> AbstractValue:
        """A symbolic device takes the name of the variable it is stored in."""
        if value.kind is Kind.DEVICE and value.denotes is not None and value.denotes.kind == "symbolic" \
                and value.denotes.symbol is None:
            return value.but(denotes=Device("symbolic", symbol=path, accelerator=value.denotes.accelerator))
        return value

    def assign_subscript(self, target: cst.Subscript, value: AbstractValue,
                         value_node: Optional[cst.BaseExpression]) -> None:
        assert self.state is not None
        base = self.eval(target.value)
        for element in target.slice:
            self.eval_children(element)
        if base.kind in (Kind.TENSOR, Kind.NDARRAY):
            self.in_place_write(self.operand(target.value, base), target, "[...] =")
            return
        path = self.path_of(target)
        if path is not None:
            self.state.bind(path, value)

    def exec_augmented(self, node: cst.AugAssign) -> None:
        assert self.state is not None
        target = self.operand(node.target)
        value = self.operand(node.value)
        symbol = AUGMENTED_SYMBOLS.get(type(node.operator), "op=")
        self.note_accumulation(node, target, value)
        if target.value.kind in (Kind.TENSOR, Kind.NDARRAY):
            if target.value.kind is Kind.TENSOR:
                self.combine([target, value], node, symbol)
            self.in_place_write(target, node, symbol)
            return
        result = self.combine([target, value], node, symbol)
        if not isinstance(node.target, cst.Subscript):
            path = self.path_of(node.target)
            if path is not None:
                self.state.bind(path, result)

    def eval_accumulation(self, node: cst.Assign) -> Optional[AbstractValue]:
        """``total = total + x`` in a loop: the sum, after telling the rules; None for other assignments."""
        value = node.value
        if len(node.targets) != 1 or not isinstance(value, cst.BinaryOperation) \
                or not isinstance(value.operator, cst.Add):
            return None
        path = self.path_of(node.targets[0].target)
        if path is None or path != self.path_of(value.left):
            return None
        target, addend = self.operand(value.left), self.operand(value.right)
        self.note_accumulation(node, target, addend)
        return self.combine([target, addend], value, "+")

    def forget_target(self, target: cst.BaseExpression) -> None:
        assert self.state is not None
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.forget_target(element.value)
            return
        path = self.path_of(target)
        if path is not None:
            self.state.bind(path, UNKNOWN)

    # --- classes ----------------------------------------------------------------------

    def note_self_attribute(self, path: str, value: AbstractValue, registered: bool) -> None:
        """Inside ``__init__``, ``self.fc = nn.Linear(...)`` defines a class attribute."""
        context = self.function
        if context is None or context.class_model is None or context.name != "__init__" or not context.parameters:
            return
        if path == context.parameters[0] and value.kind is Kind.MODULE:
            context.class_model.attributes["__device__"] = value  # __init__ moved the module itself
            return
        prefix = context.parameters[0] + "."
        if path.startswith(prefix) and "." not in path[len(prefix):] and "[" not in path:
            context.class_model.define(path[len(prefix):], value, registered)

    def register_on_self(self, receiver: Operand, name: Operand, value: AbstractValue, method: str) -> None:
        from tensorlens.analysis.expressions import literal_string

        attribute = literal_string(name.node) if isinstance(name.node, cst.BaseExpression) else None
        if attribute is None or receiver.text is None or self.state is None:
            return
        if method == "register_parameter" and value.kind is Kind.TENSOR:
            value = value.but(is_parameter=True)
        path = f"{receiver.text}.{attribute}"
        self.state.bind(path, value)
        self.note_self_attribute(path, value, registered=True)

    def exec_class(self, node: cst.ClassDef) -> None:
        assert self.state is not None
        is_module = False
        for base in node.bases:
            value = self.eval(base.value)
            qualified = value.qualified or ""
            if qualified in api.MODULE_BASES or api.nn_module_name(qualified) is not None:
                is_module = True
            elif value.kind is Kind.CLASS and value.class_name in self.classes \
                    and self.classes[value.class_name].is_module:
                is_module = True
                self.classes[node.name.value] = ClassModel(node.name.value, node, True)
                inherited = self.classes[value.class_name]
                self.classes[node.name.value].attributes.update(inherited.attributes)
                self.classes[node.name.value].registered.update(inherited.registered)
        model = self.classes.get(node.name.value) or ClassModel(node.name.value, node, is_module)
        self.classes[node.name.value] = model
        methods = [s for s in _class_statements(node) if isinstance(s, cst.FunctionDef)]
        model.methods.update((method.name.value, method) for method in methods)
        enclosing = self.state.copy()
        for method in methods:
            if method.name.value == "__init__":
                self.analyzed_functions.add(id(method))
                self.analyze_function(method, enclosing, model, self.parameter_defaults(method))
        for method in methods:
            if method.name.value != "__init__":
                self.deferred.append((method, enclosing, model, self.parameter_defaults(method)))
        self.state.bind(node.name.value, AbstractValue(kind=Kind.CLASS, class_name=node.name.value,
                                                       has_parameters=model.has_parameters))

    def self_value(self, model: ClassModel, method: str) -> AbstractValue:
        """``self`` inside a method: created on the CPU in ``__init__``, anywhere later."""
        if not model.is_module:
            return AbstractValue(kind=Kind.OTHER, class_name=model.name)
        device = Located(Device("cpu")) if method == "__init__" else Located(Device("module"))
        return AbstractValue(kind=Kind.MODULE, class_name=model.name, device=device,
                             has_parameters=model.has_parameters)

    def forward_input(self, function: cst.FunctionDef, model: Optional[ClassModel],
                      defaults: dict[str, AbstractValue]) -> Optional[tuple[str, AbstractValue]]:
        """In an nn.Module's ``forward``, the argument after ``self`` is its input: a tensor on
        the module's device (a module that runs gets its input where it lives)."""
        if function.name.value != "forward" or model is None or not model.is_module:
            return None
        params = [*function.params.posonly_params, *function.params.params]
        if len(params) < 2 or params[1].default is not None or params[1].name.value in defaults:
            return None
        annotation = params[1].annotation
        if annotation is not None and self.qualified_name(annotation.annotation) != "torch.Tensor":
            return None
        origin = Origin(params[1], "the input of forward()")
        return params[1].name.value, tensor(origin, Located(Device("module"), origin))

    # --- functions ---------------------------------------------------------------------

    def exec_function(self, node: cst.FunctionDef) -> None:
        assert self.state is not None
        for decorator in node.decorators:
            self.eval(decorator.decorator)
        defaults = self.parameter_defaults(node)
        self.deferred.append((node, self.state, None, defaults))
        self.function_definitions[id(node)] = node
        self.state.bind(node.name.value, AbstractValue(kind=Kind.FUNCTION, qualified=str(id(node))))

    def parameter_defaults(self, node: cst.FunctionDef) -> dict[str, AbstractValue]:
        defaults = {}
        for param in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params):
            if param.default is not None:
                value = self.eval(param.default)
                if value.kind is Kind.DEVICE:
                    defaults[param.name.value] = value
        return defaults

    def annotated_value(self, params: cst.Parameters, name: str) -> Optional[AbstractValue]:
        """A parameter annotated ``torch.Tensor`` is a tensor (device unknown)."""
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.name.value == name and param.annotation is not None:
                qualified = self.qualified_name(param.annotation.annotation)
                if qualified in ("torch.Tensor", "torch.FloatTensor"):
                    return tensor(None)
                if qualified in ("torch.nn.Module",):
                    return AbstractValue(kind=Kind.MODULE)
        return None

    def qualified_name(self, node: cst.BaseExpression) -> Optional[str]:
        """The API name an expression refers to (``T.no_grad`` -> ``torch.no_grad``)."""
        if isinstance(node, cst.Name):
            value = self.state.get(node.value) if self.state is not None else None
            return value.qualified if value is not None and value.kind is Kind.API else None
        if isinstance(node, cst.Attribute):
            base = self.qualified_name(node.value)
            return f"{base}.{node.attr.value}" if base else None
        return None

    # --- imports -----------------------------------------------------------------------

    def bind_import(self, alias: cst.ImportAlias, module: Optional[str]) -> None:
        assert self.state is not None
        name = _dotted(alias.name)
        qualified = f"{module}.{name}" if module else name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            self.state.bind(alias.asname.name.value, api_ref(qualified))
        elif module is None:
            top = name.split(".")[0]
            self.state.bind(top, api_ref(top))
        else:
            self.state.bind(name, api_ref(qualified))

    def exec_import_from(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = _dotted(node.module)
        for alias in node.names:
            self.bind_import(alias, module)

    # --- control flow --------------------------------------------------------------------

    def exec_if(self, node: cst.If) -> None:
        assert self.state is not None
        self.eval(node.test)
        before = self.state
        self.state = before.copy()
        self.exec_suite(node.body)
        after_body = self.state
        self.state = before.copy()
        if isinstance(node.orelse, cst.If):
            self.exec_if(node.orelse)
        elif isinstance(node.orelse, cst.Else):
            self.exec_suite(node.orelse.body)
        self.state = join_all([after_body, self.state])

    def exec_for(self, node: cst.For) -> None:
        iterable = self.eval(node.iter)
        element = self.element_of(iterable, node.iter)

        def enter(state):
            self.assign(node.target, element, None)

        self.run_loop(node, enter, node.body, node.orelse)

    def exec_while(self, node: cst.While) -> None:
        self.run_loop(node, lambda state: self.eval(node.test), node.body, node.orelse)

    def exec_with(self, node: cst.With) -> None:
        assert self.state is not None
        outer_grad, outer_device = self.state.grad_enabled, self.state.default_device
        for item in node.items:
            value = self.eval(item.item)
            self.enter_context(item.item)
            if item.asname is not None:
                self.assign(item.asname.name, value, None)
        self.exec_suite(node.body)
        if self.state is not None:
            self.state.grad_enabled, self.state.default_device = outer_grad, outer_device

    def enter_context(self, item: cst.BaseExpression) -> None:
        """Grad mode and default device inside ``with torch.no_grad():`` and friends."""
        assert self.state is not None
        call = item if isinstance(item, cst.Call) else None
        qualified = self.qualified_name(call.func if call else item)
        if qualified in api.NO_GRAD_CONTEXTS:
            if qualified.endswith("inference_mode") and call and call.args:
                flag = call.args[0].value
                if not (isinstance(flag, cst.Name) and flag.value == "True"):
                    return
            self.state.grad_enabled = Tri.NO
        elif qualified in api.ENABLE_GRAD_CONTEXTS:
            self.state.grad_enabled = Tri.YES
        elif qualified in api.SET_GRAD_ENABLED and call is not None:
            flag = call.args[0].value if call.args else None
            self.state.grad_enabled = Tri.of(flag.value == "True") if isinstance(flag, cst.Name) and \
                flag.value in ("True", "False") else Tri.UNKNOWN
        elif qualified in api.DEVICE_CONSTRUCTORS and call is not None and call.args:
            device = self.device_of(call.args[0].value, UNKNOWN)
            self.state.default_device = Located(device, Origin(item, "default device")) if device else Located(None)

    def exec_try(self, node: cst.Try) -> None:
        assert self.state is not None
        before = self.state.copy()
        self.exec_suite(node.body)
        if node.orelse is not None and self.state is not None:
            self.exec_suite(node.orelse.body)
        ends = [self.state]
        for handler in node.handlers:
            self.state = join_all([before, ends[0]]) or before.copy()
            if handler.name is not None:
                self.assign(handler.name.name, UNKNOWN, None)
            self.exec_suite(handler.body)
            ends.append(self.state)
        self.state = join_all(ends)
        if node.finalbody is not None:
            reachable = self.state is not None
            if self.state is None:
                self.state = before.copy()
            self.exec_suite(node.finalbody.body)
            if not reachable:
                self.state = None

    def exec_match(self, node: cst.Match) -> None:
        assert self.state is not None
        self.eval(node.subject)
        before = self.state
        ends = []
        for case in node.cases:
            self.state = before.copy()
            self.exec_suite(case.body)
            ends.append(self.state)
        self.state = join_all([before, *ends])

    def exec_compound_fallback(self, node: cst.BaseCompoundStatement) -> None:
        self.exec_suite(node.body)


def _class_statements(node: cst.ClassDef) -> Sequence[cst.BaseStatement]:
    body = node.body
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


_STATEMENTS = {
    cst.SimpleStatementLine: StatementExecutor.exec_simple_line,
    cst.If: StatementExecutor.exec_if,
    cst.For: StatementExecutor.exec_for,
    cst.While: StatementExecutor.exec_while,
    cst.With: StatementExecutor.exec_with,
    cst.Try: StatementExecutor.exec_try,
    cst.TryStar: StatementExecutor.exec_try,
    cst.FunctionDef: StatementExecutor.exec_function,
    cst.ClassDef: StatementExecutor.exec_class,
    cst.Match: StatementExecutor.exec_match,
}

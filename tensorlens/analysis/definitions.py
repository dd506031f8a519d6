"""Definition statements: classes (an nn.Module's model from its ``__init__``), functions, imports."""

from __future__ import annotations

from typing import Optional, Sequence

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import Operand
from tensorlens.analysis.values import AbstractValue, Device, Kind, Located, Origin, tensor
from tensorlens.analysis.values import api as api_ref


class DefinitionExecutor(Engine):
    """Mixin: executes ``class``, ``def`` and ``import`` statements."""

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
            elif value.kind is Kind.CLASS and value.class_name is not None and value.class_name in self.classes \
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


def _class_statements(node: cst.ClassDef) -> Sequence[cst.BaseStatement]:
    body = node.body
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""

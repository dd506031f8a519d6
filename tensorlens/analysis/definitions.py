"""Definition statements: classes (an nn.Module's model from its ``__init__``), functions, imports."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import Operand
from tensorlens.analysis.imports import ModuleSummary
from tensorlens.analysis.literals import literal_string
from tensorlens.analysis.module_names import absolute_module
from tensorlens.analysis.state import State
from tensorlens.analysis.values import UNKNOWN, AbstractValue, Device, Kind, Located, Origin, Tri, tensor
from tensorlens.analysis.values import api as api_ref

_BUILTIN_NAMES = frozenset(dir(builtins))


class DefinitionExecutor(Engine):
    """Mixin: executes ``class``, ``def`` and ``import`` statements."""

    # --- classes ----------------------------------------------------------------------

    def note_self_attribute(self, path: str, value: AbstractValue, registered: bool) -> None:
        """``self.fc = nn.Linear(...)`` defines a class attribute: in ``__init__`` as its value, in another
        method (walked when the class is defined) joined with what the class already holds there."""
        context = self.function
        if context is None or context.class_model is None or not context.parameters:
            return
        in_init = context.name == "__init__"
        if not in_init and not self.collecting_attributes or self.constructing:
            return  # an instance's own __init__ walk (construct_instance) leaves the class model as it is
        if path == context.parameters[0] and value.kind is Kind.MODULE:
            if in_init:
                context.class_model.attributes["__device__"] = value  # __init__ moved the module itself
            return
        prefix = context.parameters[0] + "."
        if path.startswith(prefix) and "." not in path[len(prefix):] and "[" not in path:
            name = path[len(prefix):]
            known = context.class_model.attributes.get(name)
            if not in_init and known is not None:
                value = known.join(value)
                registered = registered or name in context.class_model.registered
            context.class_model.define(name, value, registered)

    def register_on_self(self, receiver: Operand, name: Operand, value: AbstractValue, method: str) -> None:
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
        layer_base: Optional[str] = None
        inherited: Optional[ClassModel] = None
        for base in node.bases:
            value = self.eval(base.value)
            qualified = value.qualified or ""
            if qualified in api.MODULE_BASES or api.nn_module_name(qualified) is not None:
                is_module = True
                layer = api.nn_module_name(qualified)
                if layer is not None and qualified not in api.MODULE_BASES and layer not in api.PARAMETERLESS_MODULES \
                        and layer not in api.CONTAINER_MODULES:
                    layer_base = layer
            elif value.kind is Kind.CLASS and value.class_name is not None and value.class_name in self.classes \
                    and inherited is None:
                inherited = self.classes[value.class_name]
                is_module = is_module or inherited.is_module
        key = f"{self.module_name}.{node.name.value}" if self.module_name else node.name.value
        if self.function is not None:
            # A class defined in a function (a test's local ModelForTest) is not the module's class of that name.
            prefix = f"{self.module_name}." if self.module_name else ""
            key = f"{prefix}{self.function.name}.<locals>.{node.name.value}"
        model = ClassModel(key, node, is_module)
        model.layer_base = layer_base
        if inherited is not None:
            model.base = inherited.name
            model.layer_base = model.layer_base or inherited.layer_base
            model.attributes.update(inherited.attributes)
            model.registered.update(inherited.registered)
            model.initial.update(inherited.initial)
            model.initial_registered.update(inherited.initial_registered)
        self.classes[key] = model
        methods = [s for s in _class_statements(node) if isinstance(s, cst.FunctionDef)]
        model.methods.update((method.name.value, method) for method in methods)
        enclosing = self.state.copy()
        at_top = self.function is None
        if at_top:
            self.names_unbound = set()
        for method in methods:
            if method.name.value == "__init__":
                self.analyzed_functions.add(id(method))
                self.analyze_function(method, enclosing, model, self.parameter_defaults(method))
        self.settle_initial_attributes(model)
        self.collect_attributes(model, [m for m in methods if m.name.value != "__init__"], enclosing)
        if at_top and self.names_unbound is not None:
            for name in self.names_unbound:
                self.classes_waiting.setdefault(name, []).append(key)
            self.names_unbound = None
        for method in methods:
            if method.name.value != "__init__":
                self.deferred.append((method, enclosing, model, self.parameter_defaults(method)))
        self.state.bind(node.name.value, AbstractValue(kind=Kind.CLASS, class_name=key,
                                                       has_parameters=model.has_parameters))
        if self.function is None:
            self.revisit_classes_waiting_on(node.name.value)

    def revisit_classes_waiting_on(self, name: str) -> None:
        """A class defined after another class whose ``__init__`` builds it (``self.encoder = Encoder()`` above
        ``class Encoder``): Python resolves the name when ``__init__`` runs, so the earlier class's attributes are
        rebuilt now that the name is known (silently: its findings came from the first walk)."""
        assert self.state is not None
        for key in self.classes_waiting.pop(name, []):
            model = self.classes.get(key)
            if model is None:
                continue
            enclosing = self.state.copy()
            init = model.methods.get("__init__")
            if init is not None:
                self.muted += 1
                try:
                    self.analyze_function(init, enclosing, model, self.parameter_defaults(init), nested=False)
                finally:
                    self.muted -= 1
            self.settle_initial_attributes(model)
            self.collect_attributes(model, [m for n, m in model.methods.items() if n != "__init__"], enclosing)
            class_name = model.node.name.value
            self.state.bind(class_name, AbstractValue(kind=Kind.CLASS, class_name=key,
                                                      has_parameters=model.has_parameters))
            self.revisit_classes_waiting_on(class_name)

    def collect_attributes(self, model: ClassModel, methods: Sequence[cst.FunctionDef], enclosing: State) -> None:
        """The attributes other methods set on ``self`` (``self.hidden = ...`` in ``reset()``), joined into
        the class's, before any method is walked for findings (a silent walk of just those methods)."""
        memo = self.memo
        setters = [m for m in methods if (memo.sets_self_attribute(m, _sets_self_attribute) if memo is not None
                                          else _sets_self_attribute(m))]
        if not setters:
            return
        self.muted += 1
        self.collecting_attributes = True
        try:
            for method in setters:
                self.analyze_function(method, enclosing, model, self.parameter_defaults(method), nested=False)
        finally:
            self.collecting_attributes = False
            self.muted -= 1

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
        if self.function is not None and self.function.node is not None:
            self.defined_in[id(node)] = id(self.function.node)
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
        """A parameter annotated ``torch.Tensor`` is a tensor (device unknown), ``nn.Module`` a module..."""
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.name.value == name and param.annotation is not None:
                return self.value_of_type(param.annotation.annotation, param)
        return None

    def value_of_type(self, annotation: cst.BaseExpression, where: cst.CSTNode) -> Optional[AbstractValue]:
        """What a value of the annotated type is known to be (all else unknown), or None for other types."""
        qualified = self.qualified_name(annotation)
        if qualified is None:
            return None
        kind = api.kind_of_type(qualified)
        if kind == "parameter":
            origin = Origin(where, "annotated nn.Parameter")
            return tensor(origin, requires_grad=Located(None if self.may_be_frozen(None) else True, origin),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_parameter=True)
        if kind == "tensor":
            return tensor(None)
        if kind == "module":
            return AbstractValue(kind=Kind.MODULE)
        if kind == "optimizer":
            return AbstractValue(kind=Kind.OPTIMIZER, origin=Origin(where, "annotated optimizer"))
        if kind == "ndarray":
            return AbstractValue(kind=Kind.NDARRAY)
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
        bound = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) \
            else (name.split(".")[0] if module is None else name)
        project = self.project_value(module, name) if self.resolver is not None else None
        if project is not None:
            self.state.bind(bound, project)
        elif alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            self.state.bind(bound, api_ref(qualified))
        elif module is None:
            self.state.bind(bound, api_ref(name.split(".")[0]))
        else:
            self.state.bind(bound, api_ref(qualified))

    def project_value(self, module: Optional[str], name: str) -> Optional[AbstractValue]:
        """What ``from module import name`` (``import name`` when ``module`` is None) binds when it names the
        project's own code: a name the module defines, or a module of the project (a namespace)."""
        assert self.resolver is not None
        if module is None:
            summary = self.resolver.summary(name)
            return AbstractValue(kind=Kind.NAMESPACE, qualified=name) if summary is not None else None
        summary = self.resolver.summary(module)
        if summary is not None:
            self.adopt(summary)
            value = summary.state.get(name)
            if value is None:
                value = self.star_member(module, name, set())  # a name its own star imports bring
            if value is not None:
                return value
        submodule = self.resolver.summary(f"{module}.{name}")
        return AbstractValue(kind=Kind.NAMESPACE, qualified=f"{module}.{name}") if submodule is not None else None

    def adopt(self, summary: ModuleSummary) -> None:
        """Make an imported module's classes and functions usable here (once per module)."""
        if summary.name in self.imported or summary.name == self.module_name:
            return  # an import cycle brings this very module back: its own definitions are the ones walked here
        self.imported[summary.name] = summary
        self.may_freeze = self.may_freeze or summary.may_freeze
        dict.update(self.classes, summary.classes)
        for key, function in summary.functions.items():
            self.function_definitions.setdefault(key, function)
            self.foreign_functions[key] = summary
        for model in summary.classes.values():
            for method in model.methods.values():
                self.foreign_functions[id(method)] = summary
        for reexported in summary.imported:
            self.adopt(reexported)

    def namespace_member(self, module: str, name: str) -> AbstractValue:
        """``D.helper`` after ``import data as D``: what the project module defines under that name."""
        if self.resolver is None:
            return UNKNOWN
        summary = self.resolver.summary(module)
        if summary is None:
            return UNKNOWN
        self.adopt(summary)
        value = summary.state.get(name)
        if value is not None:
            return value
        return AbstractValue(kind=Kind.NAMESPACE, qualified=f"{module}.{name}") \
            if self.resolver.summary(f"{module}.{name}") is not None else UNKNOWN

    def exec_import_from(self, node: cst.ImportFrom) -> None:
        relative = len(node.relative)
        named = _dotted(node.module) if node.module is not None else None
        module = absolute_module(self.module_name, self.is_package, relative, named) if relative else named
        if isinstance(node.names, cst.ImportStar):
            if module is not None and self.resolver is not None and self.function is None:
                self.star_modules.append(module)  # its names are looked up when the code reads one
            return
        if module is None and relative:
            # `from . import utils`: the package itself
            module = absolute_module(self.module_name, self.is_package, relative, None)
            if module is None:
                return
        if relative and self.resolver is None:
            return  # a relative import outside a project: nothing to resolve it against
        for alias in node.names:
            if module is None:
                continue
            self.bind_import(alias, module)


    def missing_name(self, name: str) -> Optional[AbstractValue]:
        """A name read where nothing binds it: a class ``__init__`` may build one defined further down (noted),
        or a project module the file star-imports (``from .layers import *``) defines it (looked up now, so
        that only the names the code reads cost a module's summary)."""
        if self.names_unbound is not None:
            self.names_unbound.add(name)
        if name in _BUILTIN_NAMES:
            return None
        for module in self.star_modules:
            found = self.star_member(module, name, set())
            if found is not None:
                return found
        return None

    def star_member(self, module: str, name: str, seen: set[str]) -> Optional[AbstractValue]:
        """What ``from module import *`` gives under ``name`` (its own star imports included)."""
        if module in seen or self.resolver is None or name.startswith("_"):
            return None
        seen.add(module)
        summary = self.resolver.summary(module)
        if summary is None:
            return None
        value = summary.state.get(name)
        if value is not None:
            self.adopt(summary)
            return value
        for inner in summary.star_modules:
            found = self.star_member(inner, name, seen)
            if found is not None:
                return found
        return None


def _sets_self_attribute(method: cst.FunctionDef) -> bool:
    """Does the method assign ``<first parameter>.<name> = ...``, or fill a container held there
    (``self.cost_his.append(loss)``, ``self.cache[key] = v``), anywhere (a cheap look before a walk)? Only
    statements are visited (assignment targets and filling calls are statements'), never the expressions in them."""
    params = [*method.params.posonly_params, *method.params.params]
    if not params:
        return False
    return _assigns_attribute_of(_suite_statements(method.body), params[0].name.value)


# List methods that add items: what they add joins the attribute's element facts, as an assignment would.
_FILLING_METHODS = frozenset({"append", "extend", "insert"})


def _assigns_attribute_of(statements: Sequence[cst.CSTNode], receiver: str) -> bool:
    for statement in statements:
        if isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(_targets_attribute(t.target, receiver) for t in small.targets):
                    return True
                if isinstance(small, cst.AnnAssign) and _targets_attribute(small.target, receiver):
                    return True
                if isinstance(small, cst.Expr) and _fills_attribute(small.value, receiver):
                    return True
        elif not isinstance(statement, (cst.FunctionDef, cst.ClassDef)):  # a nested function's ``self`` is another
            if any(_assigns_attribute_of(part, receiver) for part in _nested_statements(statement)):
                return True
    return False


def _fills_attribute(expression: cst.BaseExpression, receiver: str) -> bool:
    """``self.cost_his.append(loss)`` as a statement fills the container held in ``self.cost_his``."""
    func = expression.func if isinstance(expression, cst.Call) else None
    return isinstance(func, cst.Attribute) and func.attr.value in _FILLING_METHODS \
        and _targets_attribute(func.value, receiver)


def _nested_statements(statement: cst.CSTNode) -> list[Sequence[cst.CSTNode]]:
    """The statement lists inside a compound statement (if/elif/else, loops, with, try, match)."""
    parts: list[Sequence[cst.CSTNode]] = []
    for name in ("body", "orelse", "finalbody", "handlers", "cases"):
        part = getattr(statement, name, None)
        if part is None:
            continue
        if isinstance(part, cst.BaseSuite):
            parts.append(_suite_statements(part))
        elif isinstance(part, (cst.If, cst.Else, cst.Finally)):
            parts.append([part] if isinstance(part, cst.If) else _suite_statements(part.body))
        elif isinstance(part, (list, tuple)):
            parts.append([item for handler in part for item in _suite_statements(handler.body)])
    return parts


def _suite_statements(suite: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    return suite.body if isinstance(suite, cst.IndentedBlock) else [suite]


def _targets_attribute(target: cst.BaseExpression, receiver: str) -> bool:
    targets = target.elements if isinstance(target, (cst.Tuple, cst.List)) else [target]
    for element in targets:
        node = element.value if isinstance(element, cst.BaseElement) else element
        if isinstance(node, cst.Subscript):
            node = node.value  # ``self.cache[key] = v`` fills the container ``self.cache``
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == receiver:
            return True
    return False


def _class_statements(node: cst.ClassDef) -> Sequence[cst.BaseStatement]:
    body = node.body
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""

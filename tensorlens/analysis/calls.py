"""Call semantics: API functions, tensor and module methods, module calls.

Everything torch-specific is looked up in :mod:`tensorlens.analysis.torch_api`;
this module only turns those table entries into abstract values and events.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.autograd import AutogradSemantics
from tensorlens.analysis.events import Call, InPlaceWrite, KeywordArgument, Operand, OperandsMeet
from tensorlens.analysis.state import PendingWrite
from tensorlens.analysis.values import (
    CPU, OTHER, SCALAR, UNKNOWN, AbstractValue, AliasGroup, Device, Kind, Located, Origin, Tri, tensor,
)

BUILTIN_SCALARS = frozenset({"len", "float", "int", "bool", "abs", "round", "sum", "max", "min", "isinstance",
                             "hasattr", "id", "hash"})
NUMPY_CREATORS = frozenset(
    {"numpy.zeros", "numpy.ones", "numpy.empty", "numpy.full", "numpy.arange", "numpy.linspace", "numpy.eye",
     "numpy.identity", "numpy.random.rand", "numpy.random.randn", "numpy.random.random", "numpy.random.randint",
     "numpy.random.normal", "numpy.random.uniform", "numpy.load", "numpy.loadtxt", "numpy.zeros_like",
     "numpy.ones_like", "numpy.empty_like", "numpy.full_like", "numpy.concatenate", "numpy.stack"}
)


class CallSemantics(AutogradSemantics):
    """Mixin: evaluates calls."""

    def eval_call(self, node: cst.Call, discarded: bool = False) -> AbstractValue:
        func = node.func
        receiver: Optional[Operand] = None
        method: Optional[str] = None
        qualified: Optional[str] = None
        callee = UNKNOWN
        if isinstance(func, cst.Attribute):
            base = self.eval(func.value)
            if base.kind is Kind.API:
                qualified = f"{base.qualified}.{func.attr.value}"
            else:
                method = func.attr.value
                receiver = self.operand(func.value, base)
        else:
            callee = self.eval(func)
            qualified = callee.qualified if callee.kind is Kind.API else None
        args, keywords = self.eval_arguments(node, qualified, receiver)
        result = self.dispatch_call(node, qualified, callee, receiver, method, args, keywords, discarded)
        assert self.state is not None
        in_forward = self.function is not None and self.function.is_forward
        self.emit(Call(node, qualified, method, receiver, tuple(args), tuple(keywords), result, discarded,
                       self.state.grad_enabled, in_forward, self.forward_input_name() if in_forward else None))
        return result

    def eval_arguments(self, node: cst.Call, qualified: Optional[str], receiver: Optional[Operand] = None
                       ) -> tuple[list[Operand], list[tuple[str, Operand]]]:
        args: list[Operand] = []
        keywords: list[tuple[str, Operand]] = []
        for arg in node.args:
            operand = self.operand(arg.value)
            if arg.keyword is not None:
                keywords.append((arg.keyword.value, operand))
                self.emit(KeywordArgument(arg.keyword, arg.keyword.value, arg.keyword, qualified, receiver))
            elif not arg.star:
                args.append(operand)
        return args, keywords

    def dispatch_call(self, node: cst.Call, qualified: Optional[str], callee: AbstractValue,
                      receiver: Optional[Operand], method: Optional[str], args: list[Operand],
                      keywords: list[tuple[str, Operand]], discarded: bool) -> AbstractValue:
        kw = dict(keywords)
        out = kw.get("out")
        if out is not None and out.value.kind in (Kind.TENSOR, Kind.NDARRAY):
            self.in_place_write(out, node, "out=")
        if qualified is not None:
            return self.call_api(node, qualified, args, kw, discarded)
        if receiver is not None and method is not None:
            kind = receiver.value.kind
            if kind is Kind.TENSOR:
                return self.tensor_method(node, receiver, method, args, kw)
            if kind is Kind.MODULE:
                return self.module_method(node, receiver, method, args, kw)
            if kind is Kind.NDARRAY:
                return self.ndarray_method(node, receiver, method)
            if kind is Kind.OPTIMIZER:
                return OTHER
            return self.call_user_method(receiver, method)
        if callee.kind is Kind.MODULE:
            return self.call_module(node, self.operand(node.func, callee), args)
        if callee.kind is Kind.CLASS:
            return self.instantiate(node, callee)
        if callee.kind is Kind.FUNCTION:
            definition = self.function_definitions.get(int(callee.qualified or 0))
            return self.summary_of(definition, None, None) if definition is not None else UNKNOWN
        if isinstance(node.func, cst.Name) and callee.kind is Kind.UNKNOWN:
            return self.call_builtin(node.func.value, args)
        return UNKNOWN

    # --- API functions --------------------------------------------------------------

    def call_api(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                 discarded: bool) -> AbstractValue:
        assert self.state is not None
        if qualified in api.BACKWARD_CALLS:
            first = args[0] if args else kw.get("tensors") or kw.get("outputs")
            self.backward_call(node, qualified, self.backward_roots(first), args, kw)
            return UNKNOWN
        if qualified in api.SET_GRAD_ENABLED and discarded:
            self.state.grad_enabled = _constant_flag(args[0].node if args else None)
            return OTHER
        if qualified in api.DEFAULT_DEVICE_SETTERS:
            self.state.default_device = Located(None)
            return OTHER
        if qualified in api.DEVICE_CONSTRUCTORS:
            device = self.device_of(args[0].node, args[0].value) if args else None
            if device is not None and device.index is None and len(args) > 1 and isinstance(args[1].node, cst.Integer):
                device = Device(device.kind, int(args[1].node.value, 0))
            return AbstractValue(kind=Kind.DEVICE, denotes=device)
        if qualified in api.PARAMETER_CONSTRUCTORS:
            base = args[0].value if args else UNKNOWN
            requires = kw.get("requires_grad")
            flag = True if requires is None else _constant_bool(requires.node)
            return tensor(Origin(node, "created"), base.device if base.kind is Kind.TENSOR else Located(None),
                          Located(flag, Origin(node, "nn.Parameter")), is_leaf=Tri.YES, has_grad_fn=Tri.NO,
                          is_parameter=flag is True)
        if qualified in api.ALIAS_TO_TENSOR:
            shared = self.alias_to_tensor(node, qualified, args, kw)
            if shared is not None:
                return shared
        if qualified in api.FACTORIES or qualified in api.LIKE_FACTORIES:
            return self.factory(node, qualified, args, kw)
        if qualified in api.MIXING_FUNCTIONS or qualified in api.DEVICE_PRESERVING_FUNCTIONS:
            return self.call_op(node, qualified, args)
        if qualified.startswith("numpy."):
            return self.call_numpy(node, qualified, args)
        data = self.data_source(node, qualified, args)
        if data is not None:
            return data
        module_name = api.nn_module_name(qualified)
        if module_name in api.CONTAINER_MODULES:
            return self.new_container(node, qualified, args)
        if module_name is not None:
            return self.new_module(node, module_name, qualified, kw)
        if api.is_module_factory(qualified):
            return AbstractValue(kind=Kind.MODULE, device=Located(CPU, Origin(node, "created")),
                                 has_parameters=Tri.YES, qualified=qualified)
        if api.is_optimizer(qualified):
            return AbstractValue(kind=Kind.OPTIMIZER, origin=Origin(node, "created"))
        return UNKNOWN

    def factory(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand]) -> AbstractValue:
        assert self.state is not None
        origin = Origin(node, "created")
        device_arg = kw.get("device")
        if device_arg is not None:
            denoted = self.device_of(device_arg.node, device_arg.value)
            device = Located(denoted, origin) if denoted is not None else Located(None)
        elif qualified in api.LIKE_FACTORIES and args and args[0].value.kind is Kind.TENSOR:
            device = args[0].value.device
        elif qualified in api.LIKE_FACTORIES:
            device = Located(None)
        else:
            default = self.state.default_device.value
            device = Located(default, origin) if default is not None else Located(None)
        requires_arg = kw.get("requires_grad")
        flag = False if requires_arg is None else _constant_bool(requires_arg.node)
        requires = Located(flag, Origin(requires_arg.node if requires_arg else node, "requires_grad=True"))
        scalar = Tri.UNKNOWN
        if qualified in ("torch.tensor", "torch.scalar_tensor") and args:
            scalar = Tri.YES if isinstance(args[0].node, (cst.Integer, cst.Float, cst.UnaryOperation)) \
                or args[0].value.kind is Kind.SCALAR else Tri.NO
        return tensor(origin, device, requires, is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_scalar=scalar)

    def alias_to_tensor(self, node: cst.Call, qualified: str, args: list[Operand],
                        kw: dict[str, Operand]) -> Optional[AbstractValue]:
        """``torch.from_numpy(a)`` and friends: a CPU tensor sharing ``a``'s memory."""
        if not args:
            return None
        source = args[0]
        certain = qualified == "torch.from_numpy"
        copies = "dtype" in kw or "device" in kw or "copy" in kw
        if not certain and (source.value.kind is not Kind.NDARRAY or copies):
            return None
        group = AliasGroup(self.new_alias_id(), node, self.text_of(node))
        array = source.value if source.value.kind is Kind.NDARRAY else AbstractValue(kind=Kind.NDARRAY)
        self.add_alias(source, array, group)
        return tensor(Origin(node, "created"), Located(CPU, Origin(node, "created")), Located(False, Origin(node, "created")),
                      is_leaf=Tri.YES, has_grad_fn=Tri.NO, aliases=array.aliases | {group})

    def add_alias(self, operand: Operand, value: AbstractValue, group: AliasGroup) -> None:
        """Remember that the object behind ``operand`` now shares memory through ``group``."""
        assert self.state is not None
        path = self.path_of(operand.node) if isinstance(operand.node, cst.BaseExpression) else None
        if path is not None:
            self.state.values[path] = value.but(aliases=value.aliases | {group})

    def call_op(self, node: cst.Call, qualified: str, args: list[Operand]) -> AbstractValue:
        operands = list(args)
        if qualified in api.SEQUENCE_ARGUMENT_FUNCTIONS and args:
            operands = self.sequence_operands(args[0])
        if qualified == "torch.einsum":
            operands = operands[1:]
        tensors = [o for o in operands if o.value.kind is Kind.TENSOR]
        if qualified in api.MIXING_FUNCTIONS and len(tensors) >= 2:
            self.emit(OperandsMeet(node, qualified.replace("torch.nn.functional.", "F."), tuple(tensors)))
        if not tensors:
            return UNKNOWN
        op = qualified.rsplit(".", 1)[-1]
        result = self.op_result(tensors, node, grad=qualified not in api.NO_GRAD_RESULT_FUNCTIONS, op=op,
                                operands=operands, label=qualified.replace("torch.nn.functional.", "F."))
        if qualified in api.REDUCTION_FUNCTIONS and len(args) <= (2 if "loss" in qualified or "entropy" in qualified else 1):
            result = result.but(is_scalar=Tri.YES)
        return result

    def sequence_operands(self, sequence: Operand) -> list[Operand]:
        """The tensors inside a list/tuple argument (``torch.cat([a, b])``)."""
        node = sequence.node
        if isinstance(node, (cst.List, cst.Tuple)):
            return [self.operand(element.value, value)
                    for element, value in zip(node.elements, sequence.value.elements or ())]
        if sequence.value.elements is not None:
            return [Operand(node, f"{sequence.text}[{i}]", value) for i, value in enumerate(sequence.value.elements)]
        return []

    def call_numpy(self, node: cst.Call, qualified: str, args: list[Operand]) -> AbstractValue:
        source = args[0] if args else None
        if qualified in api.ALIAS_TO_NDARRAY and source is not None:
            if source.value.kind is Kind.TENSOR:
                group = AliasGroup(self.new_alias_id(), node, self.text_of(node))
                self.add_alias(source, source.value, group)
                return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"),
                                     aliases=source.value.aliases | {group})
            if source.value.kind is Kind.NDARRAY:
                return source.value
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"))
        if qualified in api.NUMPY_IN_PLACE_FUNCTIONS and source is not None and source.value.kind is Kind.NDARRAY:
            self.in_place_write(source, node, f"{qualified.replace('numpy.', 'np.')}()")
            return OTHER
        if qualified in api.COPY_TO_NDARRAY or qualified in NUMPY_CREATORS:
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"))
        return UNKNOWN

    def new_module(self, node: cst.Call, name: str, qualified: str, kw: dict[str, Operand]) -> AbstractValue:
        origin = Origin(node, "created")
        if name in api.PARAMETERLESS_MODULES:
            held = next((kw[k] for k in api.MODULE_TENSOR_KEYWORDS if k in kw), None)
            device = held.value.device if held is not None and held.value.kind is Kind.TENSOR else Located(None)
            return AbstractValue(kind=Kind.MODULE, device=device, has_parameters=Tri.NO, qualified=qualified,
                                 origin=origin)
        device_arg = kw.get("device")
        if device_arg is not None:
            denoted = self.device_of(device_arg.node, device_arg.value)
            device = Located(denoted, origin) if denoted is not None else Located(None)
        else:
            device = Located(CPU, origin)
        return AbstractValue(kind=Kind.MODULE, device=device, has_parameters=Tri.YES, qualified=qualified,
                             origin=origin)

    def data_source(self, node: cst.Call, qualified: str, args: list[Operand]) -> Optional[AbstractValue]:
        """Datasets known to hold CPU tensors, and the DataLoaders over them."""
        origin = Origin(node, "loaded")
        if qualified.startswith(api.CPU_DATASET_PREFIXES) and qualified.rsplit(".", 1)[-1][:1].isupper():
            return AbstractValue(kind=Kind.DATASET, device=Located(CPU, origin))
        if qualified in api.TENSOR_DATASETS:
            devices = {a.value.known_device for a in args}
            if args and all(a.value.kind is Kind.TENSOR for a in args) and devices == {CPU}:
                return AbstractValue(kind=Kind.DATASET, device=Located(CPU, origin))
            return UNKNOWN
        if qualified in api.DATASET_WRAPPERS and args and args[0].value.kind is Kind.DATASET:
            if qualified.endswith("random_split"):
                return AbstractValue(kind=Kind.SEQUENCE, source=args[0].value)
            return args[0].value
        if qualified in api.DATA_LOADERS and args and args[0].value.kind is Kind.DATASET:
            batch_item = tensor(Origin(node, "loaded by the DataLoader"),
                                Located(CPU, Origin(node, "loaded by the DataLoader")),
                                Located(False), is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_scalar=Tri.NO)
            return AbstractValue(kind=Kind.SEQUENCE, source=AbstractValue(kind=Kind.SEQUENCE, source=batch_item))
        return None

    def new_container(self, node: cst.Call, qualified: str, args: list[Operand]) -> AbstractValue:
        """``nn.Sequential(a, b)`` lives where its children live (unknown if they disagree)."""
        children: list[AbstractValue] = []
        for arg in args:
            if arg.value.kind is Kind.SEQUENCE and arg.value.elements is not None:
                children.extend(arg.value.elements)
            else:
                children.append(arg.value)
        placed = [c for c in children if c.kind is not Kind.MODULE or c.has_parameters is not Tri.NO]
        if not placed or any(c.kind is not Kind.MODULE for c in placed):
            return AbstractValue(kind=Kind.MODULE, has_parameters=Tri.UNKNOWN, qualified=qualified,
                                 origin=Origin(node, "created"))
        device = placed[0].device
        for child in placed[1:]:
            device = device.join(child.device)
        has_parameters = Tri.YES if any(c.has_parameters is Tri.YES for c in placed) else Tri.UNKNOWN
        return AbstractValue(kind=Kind.MODULE, device=device, has_parameters=has_parameters,
                             qualified=qualified, origin=Origin(node, "created"))

    def call_builtin(self, name: str, args: list[Operand]) -> AbstractValue:
        if name in BUILTIN_SCALARS:
            return SCALAR
        if name == "next" and args:
            return self.element_of(args[0].value, args[0].node)
        if name == "range":
            return AbstractValue(kind=Kind.SEQUENCE, source=SCALAR)
        if name in ("list", "tuple", "iter", "reversed", "sorted") and args:
            return AbstractValue(kind=Kind.SEQUENCE, source=self.element_of(args[0].value, args[0].node))
        if name == "enumerate" and args:
            pair = AbstractValue(kind=Kind.SEQUENCE, elements=(SCALAR, self.element_of(args[0].value, args[0].node)))
            return AbstractValue(kind=Kind.SEQUENCE, source=pair)
        if name == "zip" and args:
            row = tuple(self.element_of(a.value, a.node) for a in args)
            return AbstractValue(kind=Kind.SEQUENCE, source=AbstractValue(kind=Kind.SEQUENCE, elements=row))
        return UNKNOWN

    def element_of(self, iterable: AbstractValue, node: Optional[cst.CSTNode]) -> AbstractValue:
        """What one iteration over ``iterable`` yields."""
        if iterable.kind is Kind.PARAMETERS:
            module = iterable.source or UNKNOWN
            # Once the file freezes some parameters, any parameter may be frozen.
            requires = None if self.parameters_frozen else True
            parameter = tensor(Origin(node, "a parameter of the model") if node is not None else None,
                               module.device, Located(requires, Origin(node, ".parameters()") if node is not None else None),
                               is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_parameter=True)
            if iterable.qualified == "named":
                return AbstractValue(kind=Kind.SEQUENCE, elements=(OTHER, parameter))
            return parameter
        if iterable.kind is Kind.SEQUENCE:
            if iterable.source is not None:
                return iterable.source
            if iterable.elements:
                joined = iterable.elements[0]
                for element in iterable.elements[1:]:
                    joined = joined.join(element)
                return joined
        return UNKNOWN

    # --- methods ------------------------------------------------------------------------

    def in_place_write(self, target: Operand, node: cst.CSTNode, how: str) -> None:
        """Data changes through ``target``: tell the rules, remember it for aliases."""
        assert self.state is not None
        if not self.muted:
            self.emit(InPlaceWrite(node, target, how, self.state.grad_enabled, self.statement,
                                   tuple(frame.node for frame in self.loops), self.spelling("torch.no_grad")))
        for group in target.value.aliases:
            self.state.pending_writes[group.ident] = PendingWrite(node, target.text, target.value, how)
        self.note_saved_write(target, node, how)

    def tensor_method(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                      kw: dict[str, Operand]) -> AbstractValue:
        value = receiver.value
        if method == "requires_grad_":
            flag = _constant_bool(args[0].node) if args else (
                _constant_bool(kw["requires_grad"].node) if "requires_grad" in kw else True)
            if value.is_parameter and flag is not True:
                self.parameters_frozen = True
            updated = value.but(requires_grad=Located(flag, Origin(node, "requires_grad_()")))
            self.rebind(receiver, updated)
            return updated
        if method in api.MIXING_METHODS and method not in api.CROSS_DEVICE_SAFE_METHODS:
            tensors = [receiver] + [a for a in args if a.value.kind is Kind.TENSOR]
            if len(tensors) >= 2:
                self.emit(OperandsMeet(node, f"{method}()", tuple(tensors)))
        if api.is_in_place_method(method):
            self.in_place_write(receiver, node, f"{method}()")
            return value
        if method in api.DEVICE_MOVERS:
            return self.moved_tensor(node, receiver, method, args, kw)
        if method in api.VIEW_METHODS:
            return self.view_result(value, node, "view")
        if method == "detach":
            # A detached tensor shares the version counter: writing it still breaks a saved tensor.
            return tensor(Origin(node, "detached"), value.device, Located(False, Origin(node, "detach()")),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, aliases=value.aliases, is_scalar=value.is_scalar,
                          saved_for=value.saved_for)
        if method == "numpy":
            group = AliasGroup(self.new_alias_id(), node, self.text_of(node))
            self.add_alias(receiver, value, group)
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"), aliases=value.aliases | {group})
        if method == "item":
            return SCALAR
        if method.startswith("new_") and method in api.TENSOR_METHODS:
            return tensor(Origin(node, "created"), value.device, Located(False), is_leaf=Tri.YES,
                          has_grad_fn=Tri.NO)
        if method in api.BACKWARD_CALLS:
            self.backward_call(node, method, [receiver], args, kw)
            return OTHER
        if method == "retain_grad":
            self.rebind(receiver, value.but(retains_grad=True))
            return OTHER
        if method in api.NON_TENSOR_METHODS:
            return OTHER
        if method in api.TENSOR_METHODS:
            tensors = [receiver] + [a for a in args if a.value.kind is Kind.TENSOR]
            result = self.op_result(tensors, node, op=method, operands=[receiver, *args], label=f".{method}()")
            if method in api.REDUCTIONS and not args and "dim" not in kw:
                result = result.but(is_scalar=Tri.YES)
            elif method not in api.REDUCTIONS:
                result = result.but(is_scalar=value.is_scalar)
            return result
        return UNKNOWN

    def moved_tensor(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                     kw: dict[str, Operand]) -> AbstractValue:
        value = receiver.value
        target = self.move_target(method, args, kw)
        if target is _KEEP_DEVICE:
            device = value.device
        elif target is None:
            device = Located(None)
        else:
            device = Located(target, Origin(node, "moved"))
        current = value.known_device
        requires = value.requires_grad_tri
        if target is _KEEP_DEVICE or (isinstance(target, Device) and current == target):
            leaf = value.is_leaf
        elif requires is Tri.NO:
            leaf = Tri.YES
        elif requires is Tri.YES and isinstance(target, Device) and current is not None \
                and current.certainly_differs(target):
            leaf = Tri.NO  # a copy on the other device, with history back to the leaf
        else:
            leaf = Tri.UNKNOWN  # .to() returns the tensor itself when it is already there
        return tensor(Origin(node, "moved"), device, value.requires_grad, is_leaf=leaf,
                      has_grad_fn=value.has_grad_fn if leaf is value.is_leaf else Tri.UNKNOWN,
                      is_scalar=value.is_scalar, graph=value.graph if requires is Tri.YES else frozenset())

    def move_target(self, method: str, args: list[Operand], kw: dict[str, Operand]) -> object:
        """The device a ``.to()/.cuda()/.cpu()`` call moves to; ``_KEEP_DEVICE`` for dtype-only."""
        if method in ("cuda", "mps", "xpu"):
            index = args[0].node if args else kw.get("device").node if "device" in kw else None
            if isinstance(index, cst.Integer):
                return Device(method, int(index.value, 0))
            return Device(method) if index is None else None
        if method == "cpu":
            return CPU
        if method == "type":
            # `.type(torch.float16)` keeps the device; `.type(torch.cuda.FloatTensor)` moves it.
            return _KEEP_DEVICE if args and _looks_like_dtype(args[0].node) else None
        candidate = kw.get("device") or (args[0] if args else None)
        if candidate is None:
            return _KEEP_DEVICE if "dtype" in kw else None
        if candidate.value.kind is Kind.TENSOR:
            return candidate.value.known_device
        if candidate.value.kind is Kind.API or (candidate.value.kind is Kind.UNKNOWN and
                                                _looks_like_dtype(candidate.node)):
            return _KEEP_DEVICE
        return self.device_of(candidate.node, candidate.value)

    def module_method(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                      kw: dict[str, Operand]) -> AbstractValue:
        value = receiver.value
        if method in ("to", "cuda", "cpu", "mps", "xpu"):
            target = self.move_target(method, args, kw)
            if target is _KEEP_DEVICE:
                return value
            path = self.path_of(receiver.node) if isinstance(receiver.node, cst.BaseExpression) else None
            how = f"{path} moved" if path else "moved"
            device = Located(target, Origin(node, how)) if isinstance(target, Device) else Located(None)
            moved = value.but(device=device)
            self.rebind(receiver, moved)
            return moved
        if method == "requires_grad_":
            self.parameters_frozen = True
            return value
        if method in api.MODULE_IN_PLACE_METHODS:
            return value
        if method in api.PARAMETER_ITERATORS:
            return AbstractValue(kind=Kind.PARAMETERS, source=value)
        if method in api.NAMED_PARAMETER_ITERATORS:
            return AbstractValue(kind=Kind.PARAMETERS, source=value, qualified="named")
        if method in ("register_buffer", "register_parameter") and len(args) >= 2:
            self.register_on_self(receiver, args[0], args[1].value, method)
            return OTHER
        if method == "forward":
            return self.call_module(node, receiver, args)
        submodule = self.submodule(receiver, method)
        if submodule is not None:
            return self.call_module(node, submodule, args)
        return self.call_user_method(receiver, method)

    def call_user_method(self, receiver: Operand, method: str) -> AbstractValue:
        """A method of a class defined in this file: what its body returns for this receiver."""
        model = self.classes.get(receiver.value.class_name or "")
        definition = model.methods.get(method) if model is not None else None
        if definition is None:
            return UNKNOWN
        return self.summary_of(definition, model, receiver.value)

    def submodule(self, receiver: Operand, attribute: str) -> Optional[Operand]:
        """``model.encoder`` when it is a module (``model.encoder(x)`` is then a module call)."""
        assert self.state is not None
        path = self.path_of(receiver.node) if isinstance(receiver.node, cst.BaseExpression) else None
        full = f"{path}.{attribute}" if path else None
        value = (self.state.get(full) if full else None) or self.module_attribute(receiver.value, attribute)
        if value.kind is not Kind.MODULE:
            return None
        return Operand(receiver.node, full or f"{receiver.text}.{attribute}", value)

    def ndarray_method(self, node: cst.Call, receiver: Operand, method: str) -> AbstractValue:
        if method in api.NDARRAY_IN_PLACE_METHODS:
            self.in_place_write(receiver, node, f"{method}()")
            return OTHER
        if method in ("copy", "astype"):
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "copied"))
        if method in ("reshape", "view", "ravel", "transpose", "squeeze", "swapaxes"):
            return receiver.value.but(origin=Origin(node, "view"))
        return UNKNOWN

    def rebind(self, receiver: Operand, value: AbstractValue) -> None:
        """A method changed its receiver in place: update the path it lives at."""
        assert self.state is not None
        path = self.path_of(receiver.node) if isinstance(receiver.node, cst.BaseExpression) else None
        if path is not None:
            self.state.bind(path, value)
            self.note_self_attribute(path, value, registered=False)

    # --- modules ------------------------------------------------------------------------

    def call_module(self, node: cst.Call, module: Operand, args: list[Operand]) -> AbstractValue:
        """``model(x)``: the module's parameters meet its inputs."""
        assert self.state is not None
        value = module.value
        tensors = [a for a in args if a.value.kind is Kind.TENSOR]
        if value.class_name is None:
            # Builtin modules take state in tuples too: an LSTM's (h0, c0).
            for arg in args:
                if arg.value.kind is Kind.SEQUENCE:
                    tensors.extend(o for o in self.sequence_operands(arg) if o.value.kind is Kind.TENSOR)
        if value.device.value is not None:
            # Builtin modules check every tensor argument (an LSTM's hidden state too); a
            # user module's forward may take CPU-side extras (lengths), so only its input.
            inputs = tensors if value.class_name is None else tensors[:1]
            if inputs:
                self.emit(OperandsMeet(node, f"{module.text or 'module'}(...)", (module, *inputs)))
            device = value.device
        else:
            if len(tensors) >= 2 and value.has_parameters is Tri.NO:
                self.emit(OperandsMeet(node, f"{module.text or 'module'}(...)", tuple(tensors)))
            device = tensors[0].value.device if tensors else Located(None)
        requires = Tri.NO
        for operand in tensors:
            requires = requires | operand.value.requires_grad_tri
        requires = requires | value.has_parameters
        if self.state.grad_enabled is Tri.NO:
            requires = Tri.NO
        elif self.state.grad_enabled is Tri.UNKNOWN and requires is Tri.YES:
            requires = Tri.UNKNOWN
        scalar = Tri.YES if (value.qualified or "").endswith("Loss") else Tri.UNKNOWN
        fact = Located(None if requires is Tri.UNKNOWN else requires is Tri.YES, Origin(node, "computed"))
        graph, saved = self.module_history(node, module, tensors, requires)
        return tensor(Origin(node, "computed"), device, fact,
                      is_leaf=Tri.NO if requires is Tri.YES else Tri.UNKNOWN, has_grad_fn=requires,
                      is_scalar=scalar, graph=graph, saved_for=saved)

    def instantiate(self, node: cst.Call, cls: AbstractValue) -> AbstractValue:
        model = self.classes.get(cls.class_name or "")
        if model is None or not model.is_module:
            return AbstractValue(kind=Kind.OTHER, class_name=cls.class_name)
        device = model.attributes.get("__device__")
        located = device.device if device is not None else Located(CPU, Origin(node, "created"))
        return AbstractValue(kind=Kind.MODULE, class_name=model.name, device=located,
                             has_parameters=model.has_parameters, origin=Origin(node, "created"))


class _KeepDevice:
    def __repr__(self) -> str:
        return "KEEP_DEVICE"


_KEEP_DEVICE = _KeepDevice()


def _constant_bool(node: Optional[cst.CSTNode]) -> Optional[bool]:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def _constant_flag(node: Optional[cst.CSTNode]) -> Tri:
    return Tri.of(_constant_bool(node))


def _looks_like_dtype(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value in {
        "float32", "float64", "float16", "bfloat16", "int64", "int32", "long", "float", "half", "double",
        "int8", "uint8", "bool", "complex64", "int16"}

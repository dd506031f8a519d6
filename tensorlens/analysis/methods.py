"""Method calls: tensor, ndarray and nn.Module methods, and methods of classes in the file."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.access import view_is_scalar
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.detachment import read_out, rebuilt
from tensorlens.analysis.events import InPlaceWrite, Operand, OperandsMeet
from tensorlens.analysis.interprocedural import has_decorator, is_super_call
from tensorlens.analysis.literals import constant_bool
from tensorlens.analysis.state import PendingWrite
from tensorlens.analysis.values import (
    CPU,
    OTHER,
    SCALAR,
    UNKNOWN,
    AbstractValue,
    AliasGroup,
    Device,
    Kind,
    Located,
    Origin,
    Tri,
    tensor,
)


class MethodSemantics(Engine):
    """Mixin: calls of methods on tensors, ndarrays and modules; in-place writes through them."""

    def in_place_write(self, target: Operand, node: cst.CSTNode, how: str, written: Optional[Operand] = None) -> None:
        """Data changes through ``target`` (``written`` is the value copied in, if the write copies one): tell the
        rules, remember it for aliases."""
        assert self.state is not None
        if not self.muted:
            self.emit(InPlaceWrite(node, target, how, self.state.grad_enabled, self.statement,
                                   tuple(frame.node for frame in self.loops), self.spelling("torch.no_grad"),
                                   written))
        origin = target.value.origin
        if origin is not None and origin.how == ".grad":
            self.note_grads_cleared()  # through a name bound to a `.grad` (`g = p.grad; g *= 0`)
        for group in target.value.aliases:
            self.state.pending_writes[group.ident] = PendingWrite(node, target.text, target.value, how)
        self.note_saved_write(target, node, how)

    def tensor_method(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                      kw: dict[str, Operand]) -> AbstractValue:
        value = receiver.value
        if method == "requires_grad_":
            flag = constant_bool(args[0].node) if args else (
                constant_bool(kw["requires_grad"].node) if "requires_grad" in kw else True)
            if value.is_parameter and flag is not True:
                self.note_frozen(value.source)
            updated = value.but(requires_grad=Located(flag, Origin(node, "requires_grad_()")),
                                detached=rebuilt(value.detached, node, flag))
            self.rebind(receiver, updated)
            return updated
        if method == "detach_":
            if value.is_parameter:
                self.note_frozen(value.source)
            updated = value.but(requires_grad=Located(False, Origin(node, "detach_()")), is_leaf=Tri.YES,
                                has_grad_fn=Tri.NO, graph=frozenset(), view_of=None)
            self.rebind(receiver, updated)
            return updated
        if method in api.MIXING_METHODS and method not in api.CROSS_DEVICE_SAFE_METHODS:
            tensors = [receiver] + [a for a in args if a.value.kind is Kind.TENSOR]
            if len(tensors) >= 2:
                self.emit(OperandsMeet(node, f"{method}()", tuple(tensors), *self.op_context()))
        if api.is_in_place_method(method):
            self.in_place_write(receiver, node, f"{method}()", args[0] if method == "copy_" and args else None)
            return value
        if method in api.DEVICE_MOVERS:
            return self.moved_tensor(node, receiver, method, args, kw)
        if method in api.VIEW_METHODS:
            return self.view_result(value, node, "view", view_is_scalar(method, value.is_scalar))
        if method == "detach":
            # A detached tensor shares the version counter: writing it still breaks a saved tensor.
            return tensor(Origin(node, "detached"), value.device, Located(False, Origin(node, "detach()")),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, aliases=value.aliases, is_scalar=value.is_scalar,
                          saved_for=value.saved_for, detached=read_out(value, node, self.text_of(node)))
        if method == "numpy":
            group = AliasGroup(self.new_alias_id(), node, self.text_of(node))
            self.add_alias(receiver, value, group)
            return AbstractValue(kind=Kind.NDARRAY, origin=Origin(node, "created"), aliases=value.aliases | {group},
                                 detached=read_out(value, node, self.text_of(node)))
        if method in ("item", "tolist"):
            detached = read_out(value, node, self.text_of(node))
            plain = SCALAR if method == "item" else OTHER
            return plain.but(detached=detached) if detached else plain
        if method.startswith("new_") and method in api.TENSOR_METHODS:
            return tensor(Origin(node, "created"), value.device, Located(False), is_leaf=Tri.YES,
                          has_grad_fn=Tri.NO)
        if method in api.BACKWARD_CALLS:
            self.backward_call(node, method, [receiver], args, kw)
            return OTHER
        if method == "retain_grad":
            self.rebind(receiver, value.but(retains_grad=True))
            return OTHER
        if method in api.INT_METHODS or (method == "size" and (args or "dim" in kw)):
            return SCALAR
        if method == "size":
            return AbstractValue(kind=Kind.SEQUENCE, source=SCALAR)  # a torch.Size
        if method in api.NON_TENSOR_METHODS:
            return OTHER
        if method in api.TENSOR_METHODS:
            tensors = [receiver] + [a for a in args if a.value.kind is Kind.TENSOR]
            pair = values_indices_pair(method, args, kw)
            if pair is None:
                return UNKNOWN
            result = self.op_result(tensors, node, grad=method not in api.NO_GRAD_RESULT_METHODS, op=method,
                                    operands=[receiver, *args], label=f".{method}()",
                                    elementwise=method in api.ELEMENTWISE_OPS)
            if method in api.MIXING_METHODS and method not in api.NO_GRAD_RESULT_METHODS:
                result = self.with_unknown_operands(result, args)
            if pair:
                return self.with_indices(result, tensors, node)
            if method in api.MAYBE_IDENTITY_METHODS and value.is_leaf is not Tri.NO \
                    and result.requires_grad_tri is Tri.YES:
                result = result.but(is_leaf=Tri.UNKNOWN, has_grad_fn=Tri.UNKNOWN)
            if method in api.REDUCTIONS and not args and "dim" not in kw:
                result = result.but(is_scalar=Tri.YES)
            elif method in api.ELEMENTWISE_OPS or value.is_scalar is Tri.NO and method != "matmul":
                # Elementwise ops keep the rank; others (repeat, outer...) may add dimensions to a 0-dim
                # receiver but never drop all of a tensor's (1-D @ 1-D matmul does).
                result = result.but(is_scalar=value.is_scalar)
            elif method not in api.REDUCTIONS:
                result = result.but(is_scalar=Tri.UNKNOWN)
            return result
        return UNKNOWN

    def with_indices(self, values: AbstractValue, tensors: list[Operand], node: cst.Call) -> AbstractValue:
        """The ``(values, indices)`` pair of sort/topk/max(dim)...: indices carry no history."""
        indices = self.op_result(tensors, node, grad=False)
        return AbstractValue(kind=Kind.SEQUENCE, origin=values.origin, elements=(values, indices))

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
        if isinstance(target, Device) and current == target and target.is_concrete and target.index is None \
                and not self.casts_to_integral(method, args, kw) and "dtype" not in kw and len(args) <= 1:
            # ``t.cpu()`` / ``t.to("cpu")`` on a CPU tensor returns ``t`` itself: the same memory (and aliases).
            return value
        if target is _KEEP_DEVICE or (isinstance(target, Device) and current == target):
            leaf = value.is_leaf
        elif requires is Tri.NO:
            leaf = Tri.YES
        elif requires is Tri.YES and isinstance(target, Device) and current is not None \
                and current.certainly_differs(target):
            leaf = Tri.NO  # a copy on the other device, with history back to the leaf
        else:
            leaf = Tri.UNKNOWN  # .to() returns the tensor itself when it is already there
        if self.casts_to_integral(method, args, kw):
            # An integer or bool tensor cannot require grad: the cast leaves the graph.
            integer = Origin(node, f"{method}() to an integer dtype")
            return tensor(Origin(node, "moved"), device, Located(False, integer),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_scalar=value.is_scalar)
        return tensor(Origin(node, "moved"), device, value.requires_grad, is_leaf=leaf,
                      has_grad_fn=value.has_grad_fn if leaf is value.is_leaf else Tri.UNKNOWN,
                      is_scalar=value.is_scalar, graph=value.graph if requires is Tri.YES else frozenset(),
                      activated=value.activated, detached=value.detached)

    def casts_to_integral(self, method: str, args: list[Operand], kw: dict[str, Operand]) -> bool:
        """``.to(torch.long)``, ``.to(device, dtype=torch.bool)``, ``.type(torch.int64)``."""
        if method not in ("to", "type"):
            return False
        candidates = [kw["dtype"]] if "dtype" in kw else args[:2]
        for candidate in candidates:
            name = self.qualified_name(candidate.node) if isinstance(candidate.node, cst.BaseExpression) else None
            if name is not None and name.startswith("torch.") and name[len("torch."):] in api.INTEGRAL_DTYPES:
                return True
        return False

    def move_target(self, method: str, args: list[Operand], kw: dict[str, Operand]) -> object:
        """The device a ``.to()/.cuda()/.cpu()`` call moves to; ``_KEEP_DEVICE`` for dtype-only."""
        if method in ("cuda", "mps", "xpu"):
            device = args[0] if args else kw.get("device")
            index = device.node if device is not None else None
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
        self.module_method_used(value, method)
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
            flag = constant_bool(args[0].node) if args else (
                constant_bool(kw["requires_grad"].node) if "requires_grad" in kw else True)
            if flag is not True:
                self.note_frozen(value)
            return value
        if method in ("train", "eval"):
            flag = True if method == "train" and not args and "mode" not in kw else (
                False if method == "eval" else constant_bool((args[0] if args else kw["mode"]).node))
            mode = None if flag is None else ("train" if flag else "eval")
            switched = value.but(mode=Located(mode, Origin(node, f"{method}()")))
            self.rebind(receiver, switched)
            return switched
        if method == "apply" and args and args[0].value.kind is Kind.FUNCTION:
            self.apply_to_modules(node, receiver, args[0])
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
            return self.call_module(node, receiver, args, list(kw.items()))
        self.module_altered(receiver, method)
        if method in ("add_module", "append") and args \
                and api.nn_module_name(value.qualified or "") in ("Sequential", "ModuleList"):
            # The module added last runs last: an nn.Sequential returns what it returns.
            added = args[-1].value
            altered = value.but(layer=None) if value.layer is not None else value  # as module_altered left it
            altered = self.with_child_added(altered, added)
            self.rebind(receiver, altered.but(activated=added.activated if added.kind is Kind.MODULE else None,
                                              call_saves=None))
            return OTHER if method == "add_module" else altered
        submodule = self.submodule(receiver, method)
        if submodule is not None:
            return self.call_module(node, submodule, args, list(kw.items()))
        return self.call_user_method(node, receiver, method, args, list(kw.items()))

    def apply_to_modules(self, node: cst.Call, receiver: Operand, function: Operand) -> None:
        """``model.apply(init_weights)``: ``init_weights`` of this file runs on every submodule, each a module
        on the model's device whose class the engine does not know."""
        definition = self.function_definitions.get(int(function.value.qualified or 0))
        if definition is None:
            return
        submodule = AbstractValue(kind=Kind.MODULE, device=receiver.value.device,
                                  origin=Origin(node, f"a submodule of {receiver.text or 'the model'}"))
        self.call_in_file(node, definition, None, None, [Operand(node, "module", submodule)], [])

    def call_user_method(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                         keywords: list[tuple[str, Operand]]) -> AbstractValue:
        """A method of a class defined in this file (or a base class of it in this file), called on this
        receiver: followed in context when that tells something."""
        found = self.find_method(receiver.value.class_name, method)
        value = receiver.value
        if found is None and method != "__init__" and is_super_call(receiver.node) and self.function is not None \
                and self.function.class_model is not None and self.function.parameters and self.state is not None:
            # ``super().fit(...)``: the base class's method, run on this ``self`` (a base ``__init__`` already built
            # the class model).
            found = self.find_method(self.function.class_model.base, method)
            value = self.state.get(self.function.parameters[0]) or UNKNOWN
        if found is None and value.kind is Kind.OTHER and value.class_name is not None:
            # A plain class holding networks (an RL agent's ``self.eval_net(s)``): a call of a module attribute.
            held = self.submodule(receiver, method)
            if held is not None:
                return self.call_module(node, held, args, keywords)
        if found is None:
            return UNKNOWN
        model, definition = found
        if value.kind is Kind.CLASS and not has_decorator(definition, "classmethod"):
            # ``Trainer.validate(model, loader)``: a function looked up on the class, its arguments from the first
            # parameter on (nothing is bound to it).
            return self.call_in_file(node, definition, None, None, args, keywords)
        return self.call_in_file(node, definition, model, value, args, keywords)

    def find_method(self, class_name: Optional[str], method: str) -> Optional[tuple[ClassModel, cst.FunctionDef]]:
        """``method`` of the class of this file named ``class_name``, or of its nearest base class in this file."""
        seen: set[str] = set()
        while class_name is not None and class_name not in seen:
            seen.add(class_name)
            model = self.classes.get(class_name)
            if model is None:
                return None
            definition = model.methods.get(method)
            if definition is not None:
                return model, definition
            class_name = model.base
        return None

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

    def forget_contents(self, container: Operand) -> None:
        """A list or dict changed in a way the engine does not follow: forget what it held."""
        value = container.value
        if value.kind in (Kind.SEQUENCE, Kind.MAPPING) or value.elements is not None or value.items is not None:
            self.rebind(container, value.but(elements=None, items=None, source=None))

    def rebind(self, receiver: Operand, value: AbstractValue) -> None:
        """A method changed its receiver in place: update the path it lives at."""
        assert self.state is not None
        path = self.path_of(receiver.node) if isinstance(receiver.node, cst.BaseExpression) else None
        if path is not None:
            self.state.bind(path, value)
            self.note_self_attribute(path, value, registered=False)
            self.reflect_in_container(receiver.node, value)  # type: ignore[arg-type]


class _KeepDevice:
    def __repr__(self) -> str:
        return "KEEP_DEVICE"


_KEEP_DEVICE = _KeepDevice()


def values_indices_pair(op: str, args: list[Operand], kw: dict[str, Operand]) -> Optional[bool]:
    """Does ``op`` (a method, or a torch function after its input) return a (values, indices) pair?

    None when it cannot be told: ``t.max(d)`` is a pair for an integer ``d`` and the elementwise
    maximum for a tensor ``d``.
    """
    if op in api.VALUES_INDICES_OPS:
        return True
    if op not in api.VALUES_INDICES_WITH_DIM_OPS:
        return False
    if "dim" in kw:
        return True
    if not args:
        return False
    dim = args[0]
    if isinstance(dim.node, cst.Integer) or (isinstance(dim.node, cst.UnaryOperation)
                                              and isinstance(dim.node.expression, cst.Integer)):
        return True
    if dim.value.kind is Kind.TENSOR:
        return False
    return True if dim.value.kind is Kind.SCALAR else None


def _looks_like_dtype(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value in {
        "float32", "float64", "float16", "bfloat16", "int64", "int32", "long", "float", "half", "double",
        "int8", "uint8", "bool", "complex64", "int16"}



"""nn.Module calls: ``model(x)`` and creating an instance of a module class defined in the file."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.autograd import writes_its_input
from tensorlens.analysis.classes import ClassModel
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import LossComputed, ModuleCalled, Operand, OperandsMeet
from tensorlens.analysis.literals import literal_string
from tensorlens.analysis.values import CPU, AbstractValue, Kind, Located, Origin, Tri, tensor


def _reduces(loss: AbstractValue) -> bool:
    """A loss module built without ``reduction=`` or with ``"mean"``/``"sum"`` returns a 0-dim tensor."""
    created = loss.origin.node if loss.origin is not None else None
    if not isinstance(created, cst.Call):
        return False
    reduction = next((arg.value for arg in created.args if arg.keyword is not None
                      and arg.keyword.value == "reduction"), None)
    return reduction is None or literal_string(reduction) in ("mean", "sum")


class ModuleCallSemantics(Engine):
    """Mixin: calls of modules and instantiations of classes."""

    def call_module(self, node: cst.Call, module: Operand, args: list[Operand],
                    keywords: Sequence[tuple[str, Operand]] = ()) -> AbstractValue:
        """``model(x)``: the module's parameters meet its inputs; a module class of this file runs its
        ``forward`` on them, followed in the caller's context."""
        assert self.state is not None
        value = module.value
        tensors = [a for a in args if a.value.kind is Kind.TENSOR]
        mismatched = False
        if value.class_name is None:
            # Builtin modules take state in tuples too: an LSTM's (h0, c0).
            for arg in args:
                if arg.value.kind is Kind.SEQUENCE:
                    tensors.extend(o for o in self.sequence_operands(arg) if o.value.kind is Kind.TENSOR)
        found = self.find_method(value.class_name, "forward") if value.class_name is not None else None
        if value.device.value is not None and not (found is not None and _moves_its_input(found[1])):
            # Builtin modules check every tensor argument (an LSTM's hidden state too); a
            # user module's forward may take CPU-side extras (lengths), so only its input. A forward
            # that moves its input first (`x = x.to(self.device)`) takes it from anywhere.
            inputs = tensors if value.class_name is None else tensors[:1]
            if inputs:
                self.emit(OperandsMeet(node, f"{module.text or 'module'}(...)", (module, *inputs)))
                mismatched = any(o.value.known_device is not None and value.known_device is not None
                                 and o.value.known_device.certainly_differs(value.known_device) for o in inputs)
            device = value.device
        else:
            if len(tensors) >= 2 and value.has_parameters is Tri.NO:
                self.emit(OperandsMeet(node, f"{module.text or 'module'}(...)", tuple(tensors)))
            device = tensors[0].value.device if tensors else Located(None)
        requires = Tri.NO
        for operand in tensors:
            requires = requires | operand.value.requires_grad_tri
        if any(arg.value.kind is Kind.UNKNOWN for arg in (*args, *(operand for _, operand in keywords))):
            requires = requires | Tri.UNKNOWN  # an input the engine does not know may need grad
        # Parameters frozen somewhere (`requires_grad_(False)`, `p.requires_grad = False`) may be these.
        requires = requires | (Tri.UNKNOWN if self.may_be_frozen(value) and value.has_parameters is Tri.YES
                               else value.has_parameters)
        if self.state.grad_enabled is Tri.NO:
            requires = Tri.NO
        elif self.state.grad_enabled is Tri.UNKNOWN and requires is Tri.YES:
            requires = Tri.UNKNOWN
        scalar = Tri.YES if (value.qualified or "").endswith("Loss") and _reduces(value) else Tri.UNKNOWN
        fact = Located(None if requires is Tri.UNKNOWN else requires is Tri.YES, Origin(node, "computed"))
        if tensors and value.class_name is None and writes_its_input(value):
            self.in_place_write(tensors[0], node, f"{module.text or 'module'}(...) (inplace=True)")
        chained = self.call_children(node, module, tensors[0]) if tensors and requires is Tri.YES else None
        if chained is not None:
            # The children's own calls saved and wrote what they do: no node for the container on top.
            graph, saved = chained.graph, chained.saved_for
        else:
            graph, saved = self.module_history(node, module, tensors, requires)
        computed = tensor(Origin(node, "computed"), device, fact,
                          is_leaf=Tri.NO if requires is Tri.YES else Tri.UNKNOWN, has_grad_fn=requires,
                          is_scalar=scalar, graph=graph, saved_for=saved, activated=value.activated)
        self.emit(ModuleCalled(node, module, self.state.grad_enabled, bool(self.loops)))
        expects = api.LOSS_INPUTS.get(value.qualified or "")
        if expects is not None and args and value.class_name is None:
            self.emit(LossComputed(node, (value.qualified or "").replace("torch.", ""), expects, args[0]))
        # A mismatch at the call is the bug to report; walking forward with it would report it again inside.
        if found is not None and not mismatched:
            returned = self.call_in_file(node, found[1], found[0], value, args, keywords)
            if returned.kind is not Kind.UNKNOWN:
                return returned
        self.instance_used(value)  # its forward ran, followed or not
        return self.shape_module_call(node, module, args, keywords, computed)

    def instantiate(self, node: cst.Call, cls: AbstractValue) -> AbstractValue:
        model = self.classes.get(cls.class_name or "")
        if model is None or not model.is_module:
            return AbstractValue(kind=Kind.OTHER, class_name=cls.class_name, origin=Origin(node, "created"))
        device = model.attributes.get("__device__")
        # A module without parameters or buffers has no device: it runs wherever its inputs are. Only a
        # class the engine saw register one is known to start on the CPU.
        created = Located(CPU, Origin(node, "created")) if model.has_parameters is Tri.YES else Located(None)
        located = device.device if device is not None else created
        self.instance_created(node, model)
        return AbstractValue(kind=Kind.MODULE, class_name=model.name, device=located,
                             has_parameters=model.has_parameters, origin=Origin(node, "created"),
                             mode=Located("train", Origin(node, "created")),
                             mode_dependent=self.class_mode_dependent(model))

    def class_mode_dependent(self, model: ClassModel, seen: frozenset[str] = frozenset()) -> Tri:
        """YES when a module class of this project registers a Dropout or BatchNorm (itself, in a container, in a
        submodule of its own class) or subclasses one; UNKNOWN otherwise (its forward may still call F.dropout)."""
        if model.layer_base in api.MODE_DEPENDENT_MODULES:
            return Tri.YES
        for name in model.registered:
            value = model.attributes[name]
            if value.kind is not Kind.MODULE:
                continue
            if value.mode_dependent is Tri.YES:
                return Tri.YES
            inner = self.classes.get(value.class_name) if value.class_name and value.class_name not in seen else None
            if inner is not None and self.class_mode_dependent(inner, seen | {model.name}) is Tri.YES:
                return Tri.YES
        return Tri.UNKNOWN


@lru_cache(maxsize=512)  # asked at every call of the module: scan each forward once (nodes hash by identity)
def _moves_its_input(forward: cst.FunctionDef) -> bool:
    """Does ``forward`` move its first input to a device (``x = x.to(self.device)``, ``x.cuda()``)?"""
    params = [p.name.value for p in (*forward.params.posonly_params, *forward.params.params)]
    if len(params) < 2:
        return False
    finder = _MoveFinder(params[1])
    forward.body.visit(finder)
    return finder.found


class _MoveFinder(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        self.name = name
        self.found = False

    def visit_Call(self, node: cst.Call) -> bool:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in api.DEVICE_MOVERS \
                and isinstance(func.value, cst.Name) and func.value.value == self.name:
            self.found = True
        return not self.found

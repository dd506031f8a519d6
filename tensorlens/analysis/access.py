"""Attribute and subscript access: what ``x.attr`` and ``x[i]`` are (views of tensors included)."""

from __future__ import annotations

import libcst as cst

from tensorlens.analysis import constants
from tensorlens.analysis import torch_api as api
from tensorlens.analysis.containers import held_child
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import AttributeUse, Operand, TensorIndexed
from tensorlens.analysis.outside_writes import attributes_set_from_outside
from tensorlens.analysis.values import (
    OTHER,
    SCALAR,
    UNKNOWN,
    UNKNOWN_FACT,
    AbstractValue,
    Kind,
    Located,
    Origin,
    Tri,
    ViewBase,
    tensor,
)
from tensorlens.analysis.values import api as api_ref


class AccessEvaluator(Engine):
    """Mixin: evaluates attribute and subscript expressions."""

    def eval_attribute(self, node: cst.Attribute) -> AbstractValue:
        assert self.state is not None
        path = self.path_of(node)
        if path is not None and path in self.state.values:
            base = self.state.get(path.rsplit(".", 1)[0]) or UNKNOWN
            value = self.read_path(path, node)
        else:
            base = self.eval(node.value)
            self.outside_attribute_access(node.value, base, node.attr.value, store=False)
            value = self.attribute_of(base, node.attr.value, node)
        if base.kind is not Kind.UNKNOWN and base.kind is not Kind.API:
            self.emit(AttributeUse(node, Operand(node.value, self.text_of(node.value), base),
                                   node.attr.value, node.attr, store=False, grad_enabled=self.state.grad_enabled))
        if path is not None:
            self.record(node, path, value)
        return value

    def attribute_of(self, base: AbstractValue, attr: str, node: cst.CSTNode) -> AbstractValue:
        """Derive ``base.attr`` from what is known of ``base``."""
        if base.kind is Kind.API:
            return api_ref(f"{base.qualified}.{attr}")
        if base.kind is Kind.NAMESPACE and base.qualified is not None:
            return self.namespace_member(base.qualified, attr)
        if base.kind is Kind.TENSOR:
            return self.shape_attribute(base, attr, node, self.tensor_attribute(base, attr, node))
        if base.kind is Kind.MODULE or (base.kind is Kind.OTHER and base.class_name is not None):
            # a module, or an instance of another class of this file
            return self.layer_parameter(base, attr, self.module_attribute(base, attr))
        if base.kind is Kind.NDARRAY and attr == "T":
            return base.but(origin=Origin(node, "transposed"))
        return UNKNOWN

    def tensor_attribute(self, base: AbstractValue, attr: str, node: cst.CSTNode) -> AbstractValue:
        if attr == "device":
            return AbstractValue(kind=Kind.DEVICE, denotes=base.known_device, device=base.device)
        if attr == "data":
            # .data shares storage but is detached: autograd neither sees nor checks writes to it.
            tracked = base.requires_grad.value is True
            of = ViewBase(self.text_of(node.value), base, node) if tracked and isinstance(node, cst.Attribute) \
                else None
            return tensor(Origin(node, ".data"), base.device, Located(False, Origin(node, ".data")),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, aliases=base.aliases, is_scalar=base.is_scalar,
                          data_of=of)
        if attr == "grad":
            return tensor(Origin(node, ".grad"), base.device, Located(False), is_leaf=Tri.YES,
                          has_grad_fn=Tri.NO, is_scalar=base.is_scalar)
        if attr in api.VIEW_ATTRIBUTES:
            return self.view_result(base, node, "view", view_is_scalar(attr, base.is_scalar))
        if attr == "shape":
            return AbstractValue(kind=Kind.SEQUENCE, source=SCALAR)  # a torch.Size: its items are ints
        if attr == "ndim":
            return SCALAR
        if attr in api.TENSOR_METADATA_ATTRIBUTES:
            return OTHER
        return UNKNOWN

    def module_attribute(self, base: AbstractValue, attr: str) -> AbstractValue:
        value = self._module_attribute(base, attr)
        if value.literal is not None and self.set_from_outside(attr):
            return value.but(literal=None)  # ``net.use_softmax = False`` somewhere: __init__'s literal may be stale
        return value

    def set_from_outside(self, attr: str) -> bool:
        """Does this file, or a project module it adopted, set ``attr`` on some object other than ``self``?"""
        names = self.outside_writes.get(id(self.module))
        if names is None:
            names = self.outside_writes[id(self.module)] = attributes_set_from_outside(self.module)
        if attr in names or "*" in names:
            return True
        return any(summary.sets_from_outside(attr) for summary in self.imported.values())

    def _module_attribute(self, base: AbstractValue, attr: str) -> AbstractValue:
        model = self.classes.get(base.class_name) if base.class_name else None
        if model is not None:
            template = model.attributes.get(attr)
            registered = attr in model.registered
            initial = self.instance_attribute(base, model, attr) or self.initial_attribute(base, model, attr)
            if initial is not None:
                template, registered = initial  # what __init__ left (for these arguments), not every method's join
            if template is None:
                found = self.find_method(model.name, attr)
                if found is not None and _is_property(found[1]):
                    return self.summary_of(found[1], found[0], base)
                if model.layer_base is None or attr not in api.PARAMETER_ATTRIBUTES:
                    return UNKNOWN
                template = tensor(None, base.device, Located(True), is_leaf=Tri.YES, has_grad_fn=Tri.NO,
                                  is_parameter=True)  # the torch layer it subclasses registered it
                return template.but(source=base, requires_grad=Located(None if self.may_be_frozen(base) else True))
            if registered and template.kind in (Kind.TENSOR, Kind.MODULE) and base.kind is Kind.MODULE:
                # It moves with the module, and is frozen with it: ``source`` is the module holding it.
                # Its train/eval mode is whatever the code switched it to before this point, unknown here.
                held = template.but(device=base.device, source=base, mode=UNKNOWN_FACT)
                if held.is_parameter and self.may_be_frozen(base):
                    held = held.but(requires_grad=Located(None))
                return self.with_constructor_sizes(base, held)
            return self.with_constructor_sizes(base, template)
        if attr in api.PARAMETER_ATTRIBUTES and base.has_parameters is not Tri.NO:
            return tensor(None, base.device, Located(None if self.may_be_frozen(base) else True),
                          is_leaf=Tri.YES, has_grad_fn=Tri.NO, is_parameter=True).but(source=base)
        if base.class_name is None and base.has_parameters is not Tri.NO and attr.isidentifier() \
                and not attr.startswith("_"):
            # An unmodeled model's attribute: assume a submodule so that `model.fc.weight`
            # is still known to be a parameter; calls through it compare devices only.
            return AbstractValue(kind=Kind.MODULE, device=base.device, has_parameters=Tri.UNKNOWN, source=base)
        return UNKNOWN

    def view_result(self, base: AbstractValue, node: cst.CSTNode, how: str,
                    is_scalar: Tri = Tri.UNKNOWN) -> AbstractValue:
        """A view of ``base``: same storage and facts, a non-leaf when it tracks grad; ``is_scalar``
        when the view's rank is known."""
        view_base = base.view_of or (ViewBase(self.text_of(_origin_expr(node)), base, node)
                                     if base.kind is Kind.TENSOR else None)
        requires = base.requires_grad_tri
        leaf = Tri.NO if requires is Tri.YES else (Tri.YES if requires is Tri.NO else Tri.UNKNOWN)
        return base.but(origin=Origin(node, how), view_of=view_base, is_leaf=leaf,
                        has_grad_fn=Tri.YES if requires is Tri.YES else base.has_grad_fn, is_parameter=False,
                        is_scalar=is_scalar)

    def eval_subscript(self, node: cst.Subscript) -> AbstractValue:
        assert self.state is not None
        path = self.path_of(node)
        if path is not None and path in self.state.values:
            self.eval(node.value)
            return self.read_path(path, node)
        base = self.eval(node.value)
        basic = True
        index_value = UNKNOWN  # the value of a single index
        indices: list[object] = []  # what each index is, for its shape
        for element in node.slice:
            index = element.slice
            if isinstance(index, cst.Index):
                value = index_value = self.eval(index.value)
                indices.append(value)
                if not _is_basic_index(index.value, value):
                    basic = False
            elif isinstance(index, cst.Slice):
                indices.append(self.slice_bounds(index))
            else:
                self.eval_children(index)
                indices.append(None)
        if base.kind is Kind.TENSOR and not self.muted:
            indexed = Operand(node.value, self.text_of(node.value), base)
            self.emit(TensorIndexed(node, indexed, _takes_a_dimension(node)))
        if base.kind is Kind.TENSOR:
            if basic:
                return self.shape_subscript(node, base, indices, self.view_result(base, node, "indexed"))
            requires = base.requires_grad_tri
            return self.shape_subscript(node, base, indices, tensor(
                Origin(node, "indexed"), base.device, base.requires_grad,
                is_leaf=Tri.NO if requires is Tri.YES else Tri.UNKNOWN, has_grad_fn=requires))
        if base.kind is Kind.SEQUENCE and len(node.slice) == 1:
            sized = self.shape_subscript(node, base, indices, UNKNOWN)
            if sized is not UNKNOWN:
                return sized
        if base.kind is Kind.NDARRAY:
            return base.but(origin=Origin(node, "indexed")) if basic else AbstractValue(kind=Kind.NDARRAY)
        if base.elements is not None and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index) and isinstance(index.value, cst.Integer):
                position = int(index.value.value, 0)
                if -len(base.elements) <= position < len(base.elements):
                    item = base.elements[position]
                    return held_child(base, item) if base.kind is Kind.MODULE else item
            elif base.kind is Kind.SEQUENCE and base.elements and isinstance(index, cst.Index) \
                    and index_value.kind is Kind.SCALAR:
                # ``outputs[j]`` with a number ``j``: one of the items, so what all of them have in common.
                joined = base.elements[0]
                for item in base.elements[1:]:
                    joined = joined.join(item)
                return joined
        if base.kind is Kind.MODULE and base.any_child is not None and len(node.slice) == 1 \
                and isinstance(node.slice[0].slice, cst.Index) and index_value.kind is Kind.SCALAR:
            return held_child(base, base.any_child)  # ``self.blocks[i]`` of an nn.ModuleList: one of its children
        if base.kind is Kind.SEQUENCE and base.source is not None and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index) and (isinstance(index.value, cst.Integer)
                                                 or index_value.kind is Kind.SCALAR):
                return base.source
        if base.items is not None and path is not None:
            key = path[path.rindex("[") + 1: -1]
            for item_key, item in base.items:
                if item_key == key:
                    return item
        if base.items is not None and isinstance(index_value.literal, str):
            return constants.item_by_key(base, index_value.literal) or UNKNOWN  # ``d['k']`` of ``{"k": ...}``
        return UNKNOWN


def _is_property(function: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value in ("property", "cached_property")
               for d in function.decorators)


def view_is_scalar(view: str, receiver: Tri) -> Tri:
    """Is the view a method or attribute makes 0-dim, given whether its receiver is."""
    if view in api.VECTOR_VIEWS:
        return Tri.NO
    return receiver if view in api.RANK_KEEPING_VIEWS else Tri.UNKNOWN


def _takes_a_dimension(node: cst.Subscript) -> bool:
    """An integer or slice index, with no ``None``/``...`` that would add or keep dimensions."""
    takes = False
    for element in node.slice:
        index = element.slice
        if isinstance(index, cst.Slice):
            takes = True
        elif isinstance(index, cst.Index):
            value = index.value
            if isinstance(value, cst.Integer) or (isinstance(value, cst.UnaryOperation)
                                                  and isinstance(value.expression, cst.Integer)):
                takes = True
            elif isinstance(value, cst.Ellipsis) or (isinstance(value, cst.Name) and value.value == "None"):
                return False
            else:
                return False  # a tensor or a variable: not a plain position
    return takes


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

"""Assignment statements: binding targets (unpacking, ``self.x`` in ``__init__``), augmented assignment, ``del``."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import AttributeUse, Operand
from tensorlens.analysis.values import UNKNOWN, AbstractValue, Device, Kind, Located, Origin, Tri

AUGMENTED_SYMBOLS = {
    cst.AddAssign: "+=", cst.SubtractAssign: "-=", cst.MultiplyAssign: "*=", cst.DivideAssign: "/=",
    cst.FloorDivideAssign: "//=", cst.ModuloAssign: "%=", cst.PowerAssign: "**=",
    cst.MatrixMultiplyAssign: "@=", cst.BitAndAssign: "&=", cst.BitOrAssign: "|=", cst.BitXorAssign: "^=",
    cst.LeftShiftAssign: "<<=", cst.RightShiftAssign: ">>=",
}


def _converts_own_data(target: cst.Attribute, value_node: Optional[cst.BaseExpression]) -> bool:
    """``p.data = p.data.to(...)`` / ``.float()`` / ``.cuda()``: the target's own data, converted."""
    if target.attr.value != "data" or not isinstance(value_node, cst.Call):
        return False
    func = value_node.func
    if not (isinstance(func, cst.Attribute) and func.attr.value in api.DEVICE_MOVERS | api.DTYPE_CONVERTERS):
        return False
    return bool(func.value.deep_equals(target))


class AssignmentExecutor(Engine):
    """Mixin: binds assignment targets in ``self.state``."""

    def assign(self, target: cst.BaseExpression, value: AbstractValue,
               value_node: Optional[cst.BaseExpression]) -> None:
        """Bind ``target`` to ``value`` (unpacking tuples, recording ``self.x`` in ``__init__``)."""
        assert self.state is not None
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = value.elements
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            if elements is None and not starred:
                elements = self.unpacked_sizes(value_node, len(target.elements))
            for position, element in enumerate(target.elements):
                item = UNKNOWN
                if elements is not None and not starred and len(elements) == len(target.elements):
                    item = elements[position]
                elif elements is None and value.kind is Kind.SEQUENCE and value.source is not None \
                        and not isinstance(element, cst.StarredElement):
                    item = value.source
                elif elements is None and value.kind is Kind.TENSOR and not starred:
                    # Unpacking a tensor (or split/chunk pieces of an unknown count) gives views of it:
                    # same device and grad facts, rank unknown here.
                    item = self.view_result(value, value_node or element.value, "unpacked").but(shape=None)
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
            self.outside_attribute_access(target.value, base, target.attr.value, store=True)
            self.instance_stored(value)
            self.emit(AttributeUse(target, Operand(target.value, self.text_of(target.value), base),
                                   target.attr.value, target.attr, store=True, grad_enabled=self.state.grad_enabled,
                                   converts_own_data=_converts_own_data(target, value_node)))
            self.note_grad_write(target)
            if target.attr.value == "data" and not _converts_own_data(target, value_node):
                self.note_data_swap(Operand(target.value, self.text_of(target.value), base), target)
            if base.kind is Kind.TENSOR and target.attr.value == "requires_grad":
                flag = value_node.value == "True" if isinstance(value_node, cst.Name) and \
                    value_node.value in ("True", "False") else None
                if base.is_parameter and flag is not True:
                    self.note_frozen(base.source)
                value = base.but(requires_grad=Located(flag, Origin(target, "requires_grad set")))
                target = target.value
            elif base.kind is Kind.TENSOR and target.attr.value == "data":
                # `x.data = y` swaps x's values in place: x keeps its identity and grad facts, takes y's device,
                # and a later `x.data` reads through x again (never y).
                moved = value.device if value.kind is Kind.TENSOR else Located(None)
                value = base.but(device=moved if moved.value is not None else Located(None))
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
        if value.integer is not None:
            return self.named_size(path, value)
        return value

    def note_grad_write(self, target: cst.BaseExpression) -> None:
        """``p.grad = None``, ``p.grad *= 0``, ``p.grad[:] = 0`` in a loop: the loop clears gradients
        (whatever the engine knows of ``p``)."""
        while isinstance(target, cst.Subscript):
            target = target.value
        if isinstance(target, cst.Attribute) and target.attr.value == "data":
            target = target.value
        if isinstance(target, cst.Attribute) and target.attr.value == "grad":
            self.note_grads_cleared()

    def assign_subscript(self, target: cst.Subscript, value: AbstractValue,
                         value_node: Optional[cst.BaseExpression]) -> None:
        assert self.state is not None
        self.note_grad_write(target)
        self.instance_stored(value)
        base = self.eval(target.value)
        for element in target.slice:
            self.eval_children(element)
        if base.kind in (Kind.TENSOR, Kind.NDARRAY):
            written = Operand(value_node, self.text_of(value_node), value) if value_node is not None else None
            self.in_place_write(self.operand(target.value, base), target, "[...] =", written)
            return
        if base.kind is Kind.MODULE:
            self.module_altered(self.operand(target.value, base), "__setitem__")
        path = self.path_of(target)
        if path is not None:
            self.state.bind(path, value)
            self.reflect_in_container(target, value)
            self.note_filled_attribute(target, base, value)
        else:  # `batch[key] = ...` with a key the engine cannot name: any item may have changed
            self.forget_contents(self.operand(target.value, base))

    def note_filled_attribute(self, target: cst.Subscript, base: AbstractValue, value: AbstractValue) -> None:
        """``self.cache["k"] = v`` in a method fills the dict the class holds: its model's attribute gets the item."""
        assert self.state is not None
        base_path, path = self.path_of(target.value), self.path_of(target)
        if base_path is None or path is None:
            return
        held = self.state.get(base_path)
        if held is None and base.kind is Kind.MAPPING and base.items is not None:
            key = path[len(base_path) + 1: -1]  # read through the class's template: the walk bound no path for it
            held = base.but(items=(*(item for item in base.items if item[0] != key), (key, value)))
        if held is not None:
            self.note_self_attribute(base_path, held, registered=False)

    def reflect_in_container(self, target: cst.BaseExpression, value: AbstractValue) -> None:
        """``batch["x"] = v`` changes the dict object itself: whoever holds it (a caller it is returned to, a
        name bound to it, an outer dict) sees the new item, not the one it was built with."""
        assert self.state is not None
        for _ in range(4):  # ``d["a"]["b"] = v`` updates d["a"], then d
            if not isinstance(target, cst.Subscript):
                return
            path, base_path = self.path_of(target), self.path_of(target.value)
            if path is None or base_path is None:
                return
            base = self.state.get(base_path)
            if base is None or base.items is None:
                return
            key = path[len(base_path) + 1: -1]
            items = tuple((item_key, value if item_key == key else item) for item_key, item in base.items)
            if all(item_key != key for item_key, _ in base.items):
                items = (*items, (key, value))
            value = base.but(items=items)
            self.state.values[base_path] = value  # not bind(): the paths below it still hold
            target = target.value

    def exec_augmented(self, node: cst.AugAssign) -> None:
        assert self.state is not None
        target = self.operand(node.target)
        value = self.operand(node.value)
        symbol = AUGMENTED_SYMBOLS.get(type(node.operator), "op=")
        self.note_grad_write(node.target)
        self.note_accumulation(node, target, value)
        # torch.Tensor has no __imatmul__: `w @= m` rebinds `w` to `w @ m`, like any other binding.
        rebinds = target.value.kind is Kind.TENSOR and isinstance(node.operator, cst.MatrixMultiplyAssign)
        if target.value.kind in (Kind.TENSOR, Kind.NDARRAY) and not rebinds:
            combined = self.combine([target, value], node, symbol) if target.value.kind is Kind.TENSOR else None
            self.in_place_write(target, node, symbol)
            if combined is not None and not combined.graph <= target.value.graph:
                # ``x += y`` is ``x.add_(y)``: backward from ``x`` now runs through ``y``'s history too.
                path = self.path_of(node.target) if isinstance(node.target, (cst.Name, cst.Attribute)) else None
                joined = target.value.but(graph=target.value.graph | combined.graph)
                if combined.requires_grad.value is True and target.value.requires_grad.value is not True:
                    # A tensor that did not need grad, added to one that does, now does (AddBackward0 on it).
                    joined = joined.but(requires_grad=combined.requires_grad, is_leaf=Tri.NO, has_grad_fn=Tri.YES)
                if path is not None:
                    self.state.bind(path, joined)
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

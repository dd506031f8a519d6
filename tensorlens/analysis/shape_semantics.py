"""Shapes in the walk: the engine part that gives tensors their shapes and tells the rules where shapes meet.

Each hook here takes what the rest of the interpreter computed for a call, an
operator, an index or an attribute (``result``) and returns it with its shape
(or, for ops that make several tensors, as a tuple of them), after emitting
the shape events of :mod:`tensorlens.analysis.events` when the shapes that
meet are known. The per-op arithmetic is in :mod:`.shape_ops` and
:mod:`.layers`; which op follows which rule is data in
:mod:`.torch_api.shapes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis import layers as ly
from tensorlens.analysis import shape_ops as ops
from tensorlens.analysis import shapes as sh
from tensorlens.analysis import torch_api as api
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import Joining, LayerCalled, LossShapes, Operand, Reshaped, ShapesCombined
from tensorlens.analysis.shapes import Dim, Mismatch, Shape, Symbol
from tensorlens.analysis.size_facts import ArgumentReader, integer_value, sizes_of
from tensorlens.analysis.torch_api.array_shapes import ARRAY_SHAPE_RECORDS, ARRAY_TO_TENSOR
from tensorlens.analysis.torch_api.creation import FACTORIES as FACTORY_RECORDS
from tensorlens.analysis.torch_api.records import FactoryKind
from tensorlens.analysis.torch_api.shapes import MODULE_RUNNERS, SHAPE_FUNCTIONS, SHAPE_METHODS, ShapeApi, ShapeRule
from tensorlens.analysis.values import SCALAR, AbstractValue, Kind, Origin, Tri

_FACTORY_KINDS = {record.qualified: record.kind for record in FACTORY_RECORDS}
_ELEMENTWISE_FUNCTIONS = frozenset(r.qualified for r in api.TENSOR_API_RECORDS if r.elementwise and not r.is_method)
_ELEMENTWISE_METHODS = frozenset(r.name for r in api.TENSOR_API_RECORDS if r.elementwise and r.is_method)
# Methods whose result has the receiver's shape whatever their arguments: copies to another device or dtype.
_SHAPE_KEEPING_METHODS = api.DEVICE_MOVERS | api.DTYPE_CONVERTERS | {"detach", "clone", "contiguous", "requires_grad_",
                                                                    "detach_", "cpu", "cuda", "pin_memory"}
_JOININGS = {ShapeRule.MATMUL: Joining.MATMUL, ShapeRule.MM: Joining.MM, ShapeRule.BMM: Joining.BMM,
             ShapeRule.CAT: Joining.CONCATENATE, ShapeRule.STACK: Joining.STACK,
             ShapeRule.BROADCAST: Joining.BROADCAST}
_IN_PLACE_OPERATORS = frozenset({"+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^="})
_VARIABLE = "torch.autograd.Variable"


def shape_of(value: AbstractValue) -> Optional[Shape]:
    """A tensor's shape, when known."""
    return value.shape if value.kind is Kind.TENSOR else None


def with_shape(value: AbstractValue, shape: object) -> AbstractValue:
    """``value`` with ``shape`` when it is one (an error or unknown leaves it unknown: one finding per bug)."""
    known = shape if isinstance(shape, Shape) else None
    if known is not None and known.exact and value.kind is Kind.TENSOR and value.is_scalar is Tri.UNKNOWN:
        # A known rank says whether it is 0-dim (``table[:n, :]`` keeps two dimensions; ``v.view(-1).sum(0)`` none).
        return value.but(shape=known, is_scalar=Tri.of(not known.dims))
    return value if value.shape == known else value.but(shape=known)


class ShapeSemantics(Engine):
    """Part: tensor shapes through calls, methods, modules, operators, indexing and attributes."""

    raised = False

    def end_path_if_raised(self) -> None:
        """A statement with a definite shape error raises. Inside a function followed from its caller, the path
        ends there: the call returns nothing, so the caller's later findings stand on their own (a value the
        raising callee would have returned is unknown, never the shape it had before the error). At the top
        level and in functions walked on their own, the walk goes on to find the next bug as if this one
        were fixed."""
        if self.raised:
            self.raised = False
            if self.returns is not None:
                self.state = None

    def settled(self, result: AbstractValue, shape: ops.OpShape) -> AbstractValue:
        """``result`` with ``shape``; a PyTorch error instead of a shape means the statement raises."""
        if isinstance(shape, Mismatch):
            self.raised = True
        return _result_with(result, shape)

    # --- positional arguments, with ``*sizes`` expanded where the engine knows them ----------------------------------

    def expanded_arguments(self, node: cst.Call, args: list[Operand]) -> Optional[list[Operand]]:
        """The call's positional arguments with each ``*sequence`` spread (None when one cannot be)."""
        if not any(arg.star == "*" for arg in node.args):
            return args
        expanded: list[Operand] = []
        plain = iter(args)
        for arg in node.args:
            if arg.keyword is not None or arg.star == "**":
                continue
            if arg.star != "*":
                following = next(plain, None)
                if following is None:
                    return None
                expanded.append(following)
                continue
            spread = self.spread_value(arg.value)
            if spread is None or spread.elements is None:
                return None
            expanded.extend(Operand(arg.value, f"{self.text_of(arg.value)}[{i}]", element)
                            for i, element in enumerate(spread.elements))
        return expanded

    def spread_value(self, node: cst.BaseExpression) -> Optional[AbstractValue]:
        """What ``*node`` spreads, read without evaluating anything: a name or ``x.shape``."""
        assert self.state is not None
        path = self.path_of(node)
        if path is not None and path in self.state.values:
            return self.state.values[path]
        if isinstance(node, cst.Attribute) and node.attr.value == "shape":
            base_path = self.path_of(node.value)
            base = self.state.values.get(base_path) if base_path is not None else None
            if base is not None and base.kind is Kind.TENSOR:
                return _size_value(base.shape, node)
        return None

    # --- API functions --------------------------------------------------------------------------------------------

    def shape_api_call(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                       result: AbstractValue) -> AbstractValue:
        """The shape of what an API call returns: a module's layer, a factory's tensor, an op's result."""
        if result.kind is Kind.MODULE:
            return self.module_with_layer(node, qualified, args, kw, result)
        runner = MODULE_RUNNERS.get(qualified)
        if runner is not None:
            self.run_forward(node, runner, args, kw)
            return result
        array_record = ARRAY_SHAPE_RECORDS.get(qualified)
        if array_record is not None and result.kind in (Kind.NDARRAY, Kind.UNKNOWN):
            return self.array_call_shape(node, array_record, args, kw, result)
        if qualified in ARRAY_TO_TENSOR and result.kind is Kind.TENSOR and len(args) == 1 \
                and args[0].value.kind is Kind.NDARRAY:
            return with_shape(result, args[0].value.shape)
        if qualified in ("math.floor", "math.ceil"):
            return self.size_builtin(qualified[len("math."):], node, args, SCALAR)
        if qualified == _VARIABLE and args and args[0].value.kind is Kind.TENSOR \
                and result.kind in (Kind.TENSOR, Kind.UNKNOWN):
            # Variable(t) has t's shape. Its other facts are the device and autograd rules' to model (a new leaf
            # of t's data): here it keeps them, with that shape.
            wrapped = result if result.kind is Kind.TENSOR else AbstractValue(kind=Kind.TENSOR,
                                                                               origin=Origin(node, "wrapped"))
            return with_shape(wrapped, args[0].value.shape)
        if result.kind in (Kind.DATASET, Kind.SEQUENCE) and (qualified in api.TENSOR_DATASETS
                                                              or qualified in api.DATA_LOADERS
                                                              or qualified in api.DATASET_WRAPPERS):
            return self.shaped_data(node, qualified, args, kw, result)
        if result.kind is not Kind.TENSOR and result.kind is not Kind.SEQUENCE:
            return result
        if qualified in api.PARAMETER_CONSTRUCTORS:
            return with_shape(result, shape_of(args[0].value) if args else None)
        factory = _FACTORY_KINDS.get(qualified)
        if factory is not None and result.kind is Kind.TENSOR:
            return with_shape(result, self.factory_shape(node, qualified, factory, args, kw))
        record = SHAPE_FUNCTIONS.get(qualified)
        label = qualified.replace("torch.nn.functional.", "F.")
        if record is not None and not _takes_this_form(record, args, kw):
            return with_shape(result, None) if result.kind is Kind.TENSOR else result
        if record is not None:
            return self.shaped_op(node, record, label, args[0] if args else None, args[1:], kw, result,
                                  sequence=args[0] if args and record.rule in (ShapeRule.CAT, ShapeRule.STACK)
                                  else None)
        if qualified in _ELEMENTWISE_FUNCTIONS and result.kind is Kind.TENSOR:
            tensors = [shape_of(a.value) for a in args if a.value.kind is Kind.TENSOR]
            return with_shape(result, ops.broadcast_all(tensors))
        return with_shape(result, None) if result.kind is Kind.TENSOR else result

    def factory_shape(self, node: cst.Call, qualified: str, kind: FactoryKind, args: list[Operand],
                      kw: dict[str, Operand]) -> Optional[Shape]:
        """``torch.zeros(2, 3)``, ``torch.full((2, 3), 0.5)``, ``torch.tensor([[1, 2]])``, ``zeros_like(x)``..."""
        if kind is FactoryKind.LIKE:
            return shape_of(args[0].value) if args else None
        positional = self.expanded_arguments(node, args)
        if positional is None:
            return None
        if kind is FactoryKind.SIZED:
            if "size" in kw:
                sizes = sizes_of(kw["size"].value)
            elif qualified == "torch.full":
                sizes = sizes_of(positional[0].value) if positional else None
            else:
                sizes = ArgumentReader(positional, {}, ()).variadic_sizes()
            return Shape(sizes) if sizes is not None else None
        if kind is FactoryKind.DATA:
            data = positional[0] if positional else kw.get("data")
            return data_shape(data) if data is not None else None
        if kind is FactoryKind.VECTOR:
            return self.vector_shape(qualified, positional, kw)
        if qualified == "torch.randint":
            size = kw.get("size") or (positional[-1] if len(positional) >= 2 else None)
            sizes = sizes_of(size.value) if size is not None else None
            return Shape(sizes) if sizes is not None else None
        if kind is FactoryKind.OTHER and qualified in api.CPU_ONLY_CONSTRUCTORS:
            # torch.FloatTensor(2, 3) is sized; torch.FloatTensor([[1, 2]]) holds data.
            if len(positional) == 1 and isinstance(positional[0].node, (cst.List, cst.Tuple)):
                return data_shape(positional[0])
            if len(positional) == 1 and positional[0].value.kind is not Kind.SCALAR:
                return None  # FloatTensor(values) of a list or an array holds data, not sizes
            # Two arguments or more are always sizes, also where one is a size the engine does not know.
            sizes = ArgumentReader(positional, {}, ()).variadic_sizes() if positional else None
            return Shape(sizes) if sizes is not None and (len(sizes) > 1 or sizes[0] is not None) else None
        return None

    def vector_shape(self, qualified: str, positional: list[Operand], kw: dict[str, Operand]) -> Optional[Shape]:
        """arange, linspace, eye, randperm: one dimension (eye: two) from literal arguments."""
        name = qualified.rsplit(".", 1)[-1]
        values = [operand.value.integer for operand in positional]
        if name == "arange":
            if len(values) == 1:
                return Shape((ops.arange_length(sh.literal(0), values[0], sh.ONE),))
            if len(values) in (2, 3):
                step = values[2] if len(values) == 3 else sh.ONE
                return Shape((ops.arange_length(values[0], values[1], step),))
            return Shape((None,))
        if name in ("linspace", "logspace"):
            steps = kw["steps"].value.integer if "steps" in kw else values[2] if len(values) > 2 else None
            return Shape((steps,))
        if name == "randperm":
            return Shape((values[0] if values else None,))
        if name == "eye":
            rows = values[0] if values else None
            columns = values[1] if len(values) > 1 else (kw["m"].value.integer if "m" in kw else rows)
            return Shape((rows, columns))
        return Shape((None,))

    def shaped_op(self, node: cst.Call, record: ShapeApi, label: str, first: Optional[Operand],
                  rest: Sequence[Operand], kw: dict[str, Operand], result: AbstractValue,
                  sequence: Optional[Operand] = None) -> AbstractValue:
        """An op with a shape record: its events where shapes meet, then its result's shape."""
        positional = self.expanded_arguments(node, list(rest)) if record.rule in (
            ShapeRule.VIEW, ShapeRule.PERMUTE, ShapeRule.EXPAND, ShapeRule.REPEAT, ShapeRule.SIZED) else list(rest)
        starred = positional is None
        reader = ArgumentReader(positional or [], kw, record.parameters, starred)
        if sequence is not None:
            return self.joined(node, record, label, sequence, reader, result)
        if first is None or first.value.kind is not Kind.TENSOR:
            return with_shape(result, None) if result.kind is Kind.TENSOR else result
        input_shape = first.value.shape
        tensors = [first, *(operand for operand in (*rest, *kw.values()) if operand.value.kind is Kind.TENSOR)]
        self.tell_rules(node, record, label, first, tensors, reader)
        if record.rule is ShapeRule.LOSS:
            return with_shape(result, self.loss_result(record, reader, first, kw)) if result.kind is Kind.TENSOR \
                else result
        shape = ops.op_shape(record, input_shape, reader, [shape_of(t.value) for t in tensors])
        return self.settled(result, shape)

    def tell_rules(self, node: cst.Call, record: ShapeApi, label: str, first: Operand, tensors: list[Operand],
                   reader: ArgumentReader) -> None:
        """The shape events of one op, when the shapes that meet are known."""
        input_shape = first.value.shape
        if input_shape is None and record.rule is ShapeRule.VIEW and not self.muted:
            sizes = reader.variadic_sizes()
            viewed = self.viewed_shape(first.node, sizes) if sizes is not None else None
            if viewed is not None and sizes is not None:
                self.emit(Reshaped(node, Operand(first.node, first.text, first.value.but(shape=viewed)), sizes,
                                   label))
            return
        if input_shape is None or self.muted:
            return
        joining = _JOININGS.get(record.rule)
        if joining is not None:
            known = [t for t in tensors if t.value.shape is not None]
            if len(known) >= 2:
                self.emit(ShapesCombined(node, joining, label, tuple(known)))
            return
        if record.rule is ShapeRule.VIEW:
            sizes = reader.variadic_sizes()
            if sizes is not None:
                self.emit(Reshaped(node, first, sizes, label))
            return
        weight = reader.operand("weight")
        weight_shape = shape_of(weight.value) if weight is not None else None
        if record.rule is ShapeRule.LINEAR and weight is not None and weight_shape is not None \
                and weight_shape.rank == 2:
            self.emit(LayerCalled(node, weight, ly.LinearLayer(weight_shape.dims[1], weight_shape.dims[0]), first))
        elif record.rule is ShapeRule.CONV and weight is not None and weight_shape is not None:
            layer = _functional_conv(record, weight_shape, reader)
            if layer is not None:
                self.emit(LayerCalled(node, weight, layer, first))
        elif record.rule in (ShapeRule.MAX_POOL, ShapeRule.AVG_POOL):
            function = Operand(node.func, label, AbstractValue(kind=Kind.API, qualified=record.qualified))
            self.emit(LayerCalled(node, function, ops.pool_layer(record, reader), first))
        elif record.rule is ShapeRule.LOSS and record.loss is not None:
            target = reader.operand("target")
            if target is not None and shape_of(target.value) is not None:
                self.emit(LossShapes(node, label, record.loss, first, target))

    def joined(self, node: cst.Call, record: ShapeApi, label: str, sequence: Operand, reader: ArgumentReader,
               result: AbstractValue) -> AbstractValue:
        """``torch.cat``/``torch.stack`` of a literal sequence of tensors."""
        tensors = self.sequence_operands(sequence)
        counted = isinstance(sequence.node, (cst.List, cst.Tuple)) or sequence.value.elements is not None
        if not tensors or not counted or any(t.value.kind is not Kind.TENSOR for t in tensors):
            # ``torch.cat([x ** i for i in range(1, 5)], 1)``: how many are joined is not known, nor the size
            return with_shape(result, None) if result.kind is Kind.TENSOR else result
        shapes = [t.value.shape for t in tensors]
        dim = reader.dim("dim")
        known = [t for t in tensors if t.value.shape is not None]
        if len(known) >= 2 and not self.muted and (not reader.given("dim") or dim is not None and
                                                   dim.literal is not None):
            self.emit(ShapesCombined(node, _JOININGS[record.rule], label, tuple(tensors),
                                     dim.literal if dim is not None and dim.literal is not None else 0))
        return self.settled(result, ops.joined_shape(record, shapes, dim, reader.given("dim"))) \
            if result.kind is Kind.TENSOR else result

    def loss_result(self, record: ShapeApi, reader: ArgumentReader, first: Operand,
                    kw: dict[str, Operand]) -> Optional[Shape]:
        if record.loss is None:
            return None
        reduction = reader.text("reduction") if "reduction" in kw else "mean"
        target = reader.operand("target")
        self.loss_checked(record.loss, record.name, first.value.shape,
                          shape_of(target.value) if target is not None else None)
        return ly.loss_output(record.loss, reduction, first.value.shape,
                              shape_of(target.value) if target is not None else None)

    # --- tensor methods --------------------------------------------------------------------------------------------

    def shape_method_call(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                          kw: dict[str, Operand], result: AbstractValue) -> AbstractValue:
        """The shape of what a tensor method returns (sizes and ranks for ``size()``, ``dim()``, ``numel()``)."""
        value = receiver.value
        shape = value.shape
        if method in api.SHAPE_CHANGING_IN_PLACE:
            self.shape_changed_in_place(receiver)
            return with_shape(result, None) if result.kind is Kind.TENSOR else result
        if result.kind is Kind.SCALAR or (result.kind is Kind.SEQUENCE and method == "size"):
            return self.size_query(node, receiver, method, args, kw, result)
        if result.kind is not Kind.TENSOR and result.kind is not Kind.SEQUENCE:
            return result
        record = SHAPE_METHODS.get(method)
        if record is not None:
            return self.shaped_op(node, record, f".{method}()", receiver, args, kw, result)
        if result.kind is not Kind.TENSOR:
            return result
        if method in _SHAPE_KEEPING_METHODS or api.is_in_place_method(method):
            return with_shape(result, shape)
        if method in _ELEMENTWISE_METHODS:
            return with_shape(result, ops.broadcast_all([shape, *(a.value.shape for a in args
                                                               if a.value.kind is Kind.TENSOR)]))
        return with_shape(result, None)

    def size_query(self, node: cst.Call, receiver: Operand, method: str, args: list[Operand],
                   kw: dict[str, Operand], result: AbstractValue) -> AbstractValue:
        """``x.size()``, ``x.size(1)``, ``x.dim()``, ``x.numel()``: what the shape says, or a symbol naming it."""
        shape = receiver.value.shape
        if method == "size":
            index = (args[0] if args else kw.get("dim"))
            if index is None:
                shape = self.name_read_sizes(receiver.node, node) or shape
                return _size_value(shape, node) if shape is not None else result
            position = index.value.integer.literal if index.value.integer is not None else None
            if position is None:
                return result
            leading = self.leading_size(receiver.node, position, node) if shape is None else None
            if leading is not None:
                return integer_value(leading)
            if shape is not None and shape.exact and -len(shape.dims) <= position < len(shape.dims):
                shape = self.name_read_sizes(receiver.node, node) or shape
            return integer_value(_dim_or_symbol(shape, position, node, self.text_of(node)))
        if method in ("dim", "ndimension") and shape is not None and shape.exact:
            return integer_value(sh.literal(len(shape.dims)))
        if method in ("numel", "nelement") and shape is not None and shape.numel is not None:
            return integer_value(shape.numel)
        return result

    # --- operators, indexing, attributes --------------------------------------------------------------------------

    def shape_operator(self, operation: str, operands: list[Operand], node: cst.CSTNode,
                       result: AbstractValue) -> AbstractValue:
        """``a + b``, ``a @ b``, ``a += b``, comparisons: broadcasting or matmul of the tensor operands."""
        if result.kind is not Kind.TENSOR:
            return result
        tensors = [o for o in operands if o.value.kind is Kind.TENSOR]
        known = [t for t in tensors if t.value.shape is not None]
        if operation == "@":
            if len(known) == 2 and not self.muted:
                self.emit(ShapesCombined(node, Joining.MATMUL, "@", tuple(known)))
            if len(tensors) == 2 and len(known) == 2:
                return self.settled(result, sh.matmul(*(t.value.shape for t in known if t.value.shape is not None)))
            return with_shape(result, None)
        in_place = operation in _IN_PLACE_OPERATORS and bool(tensors) and operands[0].value.kind is Kind.TENSOR
        if len(known) >= 2 and not self.muted:
            self.emit(ShapesCombined(node, Joining.BROADCAST_IN_PLACE if in_place else Joining.BROADCAST, operation,
                                     tuple(known)))
        if in_place:
            target = operands[0].value.shape
            if target is not None and len(known) == len(tensors) and len(tensors) == 2 and tensors[1].value.shape:
                return self.settled(result, sh.broadcast_in_place(target, tensors[1].value.shape))
            return with_shape(result, target)
        if len(known) != len(tensors):
            return with_shape(result, None)
        return self.settled(result, ops.broadcast_all([t.value.shape for t in tensors]))

    def shape_unary(self, operand: AbstractValue, result: AbstractValue) -> AbstractValue:
        """``-x``, ``~mask``: the operand's shape."""
        return with_shape(result, operand.shape) if result.kind is Kind.TENSOR else result

    def slice_bounds(self, index: cst.Slice) -> tuple[Optional[AbstractValue], ...]:
        """Evaluate ``a:b:c`` (every bound, as any expression is) and keep what each bound is."""
        return tuple(self.eval(bound) if bound is not None else None
                     for bound in (index.lower, index.upper, index.step))

    def shape_subscript(self, node: cst.Subscript, base: AbstractValue,
                        indices: Sequence[object], result: AbstractValue) -> AbstractValue:
        """``x[i, a:b, None]`` on a tensor; ``x.shape[-1]`` and ``x.shape[1:]`` on sizes."""
        if base.kind is Kind.TENSOR and result.kind is Kind.TENSOR:
            if base.shape is None:
                return with_shape(result, None)
            items = [_index_item(element.slice, value) for element, value in zip(node.slice, indices)]
            return with_shape(result, ops.index_shape(base.shape, items))
        if base.kind is Kind.SEQUENCE and base.elements is not None and len(node.slice) == 1 and indices:
            return _sequence_item(base, node.slice[0].slice, indices[0], result)
        leading = self.sizes_read_from_front(node, indices)
        if leading is not None:
            return integer_value(leading)
        if base.kind is Kind.SEQUENCE and base.source is not None and len(node.slice) == 1 and indices \
                and isinstance(node.slice[0].slice, cst.Index) and isinstance(indices[0], AbstractValue) \
                and indices[0].kind is Kind.SCALAR:
            return base.source  # ``items[i]``: any item of a sequence whose items are all alike
        return result

    def shape_changed_in_place(self, receiver: Operand) -> None:
        """``x.t_()``: ``x`` keeps its identity and facts but not its shape (nor the sizes read from it)."""
        path = self.path_of(receiver.node) if isinstance(receiver.node, cst.BaseExpression) else None
        current = self.state.values.get(path) if self.state is not None and path is not None else None
        if path is not None and current is not None and self.state is not None:
            self.state.bind(path, current.but(shape=None))

    def sizes_read_from_front(self, node: cst.Subscript, indices: Sequence[object]) -> Optional[Dim]:
        """``x.shape[2]`` of a tensor of unknown rank: its size there, by name."""
        sizes = node.value
        if not isinstance(sizes, cst.Attribute) or sizes.attr.value != "shape" or len(indices) != 1:
            return None
        index = indices[0]
        if not isinstance(index, AbstractValue) or index.integer is None or index.integer.literal is None:
            return None
        return self.leading_size(sizes.value, index.integer.literal, node)

    def shape_attribute(self, base: AbstractValue, attr: str, node: cst.CSTNode,
                        result: AbstractValue) -> AbstractValue:
        """``x.shape`` (its sizes), ``x.T``, ``x.ndim``, ``x.data``, ``x.grad``."""
        shape = base.shape
        if attr == "shape":
            if shape is not None and isinstance(node, cst.Attribute):
                shape = self.name_read_sizes(node.value, node) or shape
            return _size_value(shape, node) if shape is not None else result
        if attr == "ndim" and shape is not None and shape.exact:
            return integer_value(sh.literal(len(shape.dims)))
        if result.kind is not Kind.TENSOR:
            return result
        if attr in ("data", "grad", "real", "imag"):
            return with_shape(result, shape)
        if attr in ("T", "mT", "H", "mH") and shape is not None and shape.exact:
            if attr in ("T", "H") or len(shape.dims) < 2:
                return with_shape(result, Shape(tuple(reversed(shape.dims))) if attr in ("T", "H") else None)
            return with_shape(result, Shape((*shape.dims[:-2], shape.dims[-1], shape.dims[-2])))
        return with_shape(result, None)

    # --- data --------------------------------------------------------------------------------------------------------

    def shaped_data(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                    result: AbstractValue) -> AbstractValue:
        """A TensorDataset's items have its tensors' shapes less the first dimension (its length, which the
        dataset keeps as its size); a DataLoader's batches have its items' shapes under a batch dimension."""
        if qualified in api.TENSOR_DATASETS and result.kind is Kind.DATASET:
            return _sized_dataset(result)
        if qualified in api.DATASET_WRAPPERS:
            return _without_length(result)
        if qualified not in api.DATA_LOADERS or result.kind is not Kind.SEQUENCE or result.source is None:
            return result
        positional = list(args[1:]) if args else []
        dataset = args[0] if args else kw.get("dataset")
        reader = ArgumentReader(positional, kw, ("batch_size", "shuffle", "sampler", "batch_sampler", "num_workers",
                                                 "collate_fn", "pin_memory", "drop_last"))
        if dataset is None or any(arg.star for arg in node.args) or reader.given("sampler") \
                or reader.given("batch_sampler") or reader.given("collate_fn"):
            return result
        item = self.item_of(dataset.value)
        if item is None:
            return result
        batch = self.batch_size(node, reader, dataset.value.integer)
        return result.but(source=_collated(item, result.source, batch))

    def item_of(self, dataset: AbstractValue) -> Optional[AbstractValue]:
        """One item of a dataset: a TensorDataset's row, or what ``__getitem__`` of a dataset class returns."""
        if dataset.kind is Kind.DATASET:
            return dataset.source
        found = self.find_method(dataset.class_name, "__getitem__") if dataset.class_name else None
        if found is None:
            return None
        item = self.summary_of(found[1], found[0], dataset)
        return item if item.kind is not Kind.UNKNOWN else None

    def batch_size(self, node: cst.Call, reader: ArgumentReader, length: Optional[Dim]) -> Optional[Dim]:
        """Every batch's size when the dataset's length divides evenly (or the last batch is dropped); else the
        symbol ``B``."""
        size = reader.dim("batch_size") if reader.given("batch_size") else sh.ONE
        drop_last = reader.flag("drop_last") is True
        if size is not None and size.literal is not None and length is not None and length.literal is not None:
            if length.literal % size.literal == 0 or drop_last:
                return size
            if length.literal < size.literal:
                return length
        return sh.symbolic(Symbol(node, "B", node, "the DataLoader's batch size"))


def _takes_this_form(record: ShapeApi, args: list[Operand], kw: dict[str, Operand]) -> bool:
    """Is the call the form the record describes? ``torch.where(cond)`` returns indices, and
    ``F.max_pool2d(..., return_indices=True)`` a pair."""
    if record.qualified == "torch.where":
        return len(args) + len(kw) >= 2
    if record.rule is ShapeRule.MAX_POOL:
        flag = kw.get("return_indices")
        return flag is None or isinstance(flag.node, cst.Name) and flag.node.value == "False"
    return True


def _result_with(result: AbstractValue, shape: ops.OpShape) -> AbstractValue:
    """An op's result: a tuple of tensors for split/chunk/unbind, each with its shape; else one shape."""
    if isinstance(shape, tuple):
        if result.kind is not Kind.TENSOR:
            return result
        pieces = tuple(with_shape(result, piece) for piece in shape)
        return AbstractValue(kind=Kind.SEQUENCE, origin=result.origin, elements=pieces)
    if result.kind is Kind.SEQUENCE and result.elements is not None and len(result.elements) == 2:
        values, indices = result.elements  # max(dim)/topk/sort: values and indices share the shape
        return result.but(elements=(with_shape(values, shape), with_shape(indices, shape)))
    if result.kind is not Kind.TENSOR:
        return result
    return with_shape(result, shape)


def _functional_conv(record: ShapeApi, weight: Shape, reader: ArgumentReader) -> Optional[ly.ConvLayer]:
    n = record.spatial
    if not weight.exact or len(weight.dims) != n + 2:
        return None
    groups = reader.dim("groups") if reader.given("groups") else sh.ONE
    group_count = groups.literal if groups is not None else None
    per_group = weight.dims[1]
    in_channels = per_group.times(sh.literal(group_count)) if per_group is not None and group_count else None
    return ly.ConvLayer(n, in_channels, weight.dims[0], weight.dims[2:], ly.repeated(1, n), ly.repeated(0, n),
                        ly.repeated(1, n), group_count)


def _size_value(shape: Optional[Shape], node: cst.CSTNode) -> AbstractValue:
    """A ``torch.Size``: a tuple of ints, each a size (a symbol where the dimension is unknown)."""
    if shape is None or not shape.exact:
        return AbstractValue(kind=Kind.SEQUENCE, source=SCALAR)
    text = _CODE.code_for_node(node) if isinstance(node, cst.BaseExpression) else "size"
    elements = tuple(integer_value(_dim_or_symbol(shape, i, (node, i), f"{text}[{i}]"))
                     for i in range(len(shape.dims)))
    return AbstractValue(kind=Kind.SEQUENCE, source=SCALAR, elements=elements)


_CODE = cst.Module(body=[])


def _dim_or_symbol(shape: Optional[Shape], position: int, key: object, text: str) -> Dim:
    """The size of a dimension; a symbol named after the expression that read it when it is unknown."""
    known = shape.at(position) if shape is not None else None
    if known is not None:
        return known
    origin = key[0] if isinstance(key, tuple) else key
    return sh.symbolic(Symbol(key, text, origin if isinstance(origin, cst.CSTNode) else None, text,
                              provisional=True))


def _index_item(index: cst.BaseSlice, value: object) -> ops.Index:
    """One item of a subscript, from its node and what evaluating it gave."""
    if isinstance(index, cst.Slice):
        bounds = value if isinstance(value, tuple) else (None, None, None)
        literals: list[Optional[int]] = []
        bounded = True
        stop_dim: Optional[Dim] = None
        for position, (node, bound) in enumerate(zip((index.lower, index.upper, index.step), bounds)):
            if node is None:
                literals.append(None)
                continue
            size = bound.integer if isinstance(bound, AbstractValue) else None
            if size is not None and size.literal is not None:
                literals.append(size.literal)
            else:
                literals.append(None)
                bounded = False
                if position == 1 and size is not None:
                    stop_dim = size
        return ops.Index("slice", literals[0], literals[1], literals[2], bounded, stop_dim)
    if not isinstance(index, cst.Index):
        return ops.Index("unknown")
    node = index.value
    if isinstance(node, cst.Ellipsis):
        return ops.Index("ellipsis")
    if isinstance(node, cst.Name) and node.value == "None":
        return ops.Index("newaxis")
    if isinstance(value, AbstractValue):
        if value.kind is Kind.TENSOR:
            return ops.Index("tensor", tensor=value.shape)
        if value.kind is Kind.SCALAR or value.integer is not None:
            return ops.Index("integer")
    if isinstance(node, (cst.Integer, cst.UnaryOperation)):
        return ops.Index("integer")
    return ops.Index("unknown")


def _sequence_item(base: AbstractValue, index: cst.BaseSlice, value: object, result: AbstractValue) -> AbstractValue:
    """``sizes[-1]`` and ``sizes[1:]`` on a tuple whose elements are known."""
    elements = base.elements or ()
    if isinstance(index, cst.Index) and isinstance(value, AbstractValue) and value.integer is not None \
            and value.integer.literal is not None:
        position = value.integer.literal
        return elements[position] if -len(elements) <= position < len(elements) else result
    if isinstance(index, cst.Slice) and isinstance(value, tuple):
        bounds = [b.integer.literal if isinstance(b, AbstractValue) and b.integer is not None else None
                  for b in value]
        given = [node is not None for node in (index.lower, index.upper, index.step)]
        if any(g and b is None for g, b in zip(given, bounds)):
            return result
        return AbstractValue(kind=Kind.SEQUENCE, source=base.source,
                             elements=elements[slice(bounds[0], bounds[1], bounds[2])])
    return result


def data_shape(data: Operand) -> Optional[Shape]:
    """``torch.tensor(data)``: a number is 0-dim, nested literal lists their nesting, a tensor or an array its
    shape."""
    if data.value.kind in (Kind.TENSOR, Kind.NDARRAY):
        return data.value.shape
    return _nested_shape(data.node, data.value, 0)


def _nested_shape(node: cst.CSTNode, value: Optional[AbstractValue], depth: int) -> Optional[Shape]:
    if depth > 32:
        return None
    if isinstance(node, (cst.Integer, cst.Float)) or (value is not None and value.kind is Kind.SCALAR) or (
            isinstance(node, cst.UnaryOperation) and isinstance(node.expression, (cst.Integer, cst.Float))):
        return Shape(())
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return Shape(())
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    if any(isinstance(e, cst.StarredElement) for e in node.elements):
        return None
    inner: Optional[Shape] = None
    for position, element in enumerate(node.elements):
        shape = _nested_shape(element.value, None, depth + 1)
        if shape is None:
            return None
        if position == 0:
            inner = shape
        elif shape != inner:
            return None  # ragged: PyTorch refuses it, and the engine does not guess
    return Shape((sh.literal(len(node.elements)), *(inner.dims if inner is not None else ())))


def _sized_dataset(dataset: AbstractValue) -> AbstractValue:
    """A TensorDataset: each row has its tensor's shape less the first dimension, the dataset's length (kept as
    the size it holds, for its DataLoader's batches)."""
    rows = dataset.source.elements if dataset.source is not None else None
    if rows is None:
        return dataset
    shapes = [row.shape if row.kind is Kind.TENSOR else None for row in rows]
    length = shapes[0].dims[0] if shapes and shapes[0] is not None and shapes[0].exact and shapes[0].dims else None
    items = tuple(row.but(shape=Shape(shape.dims[1:])) if shape is not None and shape.exact and shape.dims
                  else row.but(shape=None) for row, shape in zip(rows, shapes))
    assert dataset.source is not None
    return dataset.but(source=dataset.source.but(elements=items), integer=length)


def _collated(item: AbstractValue, batch: AbstractValue, size: Optional[Dim]) -> AbstractValue:
    """The batch ``default_collate`` makes of items like ``item``: each tensor under a batch dimension, each
    number a vector of the batch's size; ``batch`` is what the engine made of it (devices, grad facts)."""
    if batch.kind is Kind.TENSOR:
        if item.kind is Kind.TENSOR and item.shape is not None and item.shape.exact:
            return batch.but(shape=Shape((size, *item.shape.dims)))
        if item.kind is Kind.SCALAR:
            return batch.but(shape=Shape((size,)))
        return batch
    if batch.kind is Kind.SEQUENCE and batch.elements is not None and item.elements is not None \
            and len(batch.elements) == len(item.elements):
        return batch.but(elements=tuple(_collated(i, b, size) for i, b in zip(item.elements, batch.elements)))
    if batch.kind is Kind.SEQUENCE and batch.source is not None and item.source is not None:
        return batch.but(source=_collated(item.source, batch.source, size))
    if batch.kind is Kind.MAPPING and batch.items is not None and item.items is not None:
        mine = dict(item.items)
        return batch.but(items=tuple((key, _collated(mine[key], value, size) if key in mine else value)
                                     for key, value in batch.items))
    return batch


def _without_length(dataset: AbstractValue) -> AbstractValue:
    """A subset of a dataset (Subset, random_split): the same items, another length."""
    if dataset.kind is Kind.DATASET and dataset.integer is not None:
        return dataset.but(integer=None)
    if dataset.kind is Kind.SEQUENCE and dataset.source is not None:
        return dataset.but(source=_without_length(dataset.source))
    return dataset


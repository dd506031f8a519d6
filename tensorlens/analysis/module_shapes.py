"""Shapes through modules: the engine part that gives an ``nn`` layer its sizes and a layer call its output.

A layer's constructor arguments become a :class:`~tensorlens.analysis.layers.Layer`
(``nn.Linear(784, 10)``); calling the module checks the input against it,
emits the layer and loss events the rules read, and gives the output its
shape. Sequential containers run their children in turn, recurrent layers
return their output and final state. Op shapes are in :mod:`.shape_semantics`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis import layers as ly
from tensorlens.analysis import shapes as sh
from tensorlens.analysis import torch_api as api
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import LayerCalled, LossShapes, Operand
from tensorlens.analysis.shape_semantics import shape_of, with_shape
from tensorlens.analysis.shapes import Mismatch, Shape
from tensorlens.analysis.size_facts import ArgumentReader
from tensorlens.analysis.torch_api.shapes import LAYERS, LossContract, ModuleRunner
from tensorlens.analysis.values import AbstractValue, Kind

_MODULE_MUTATORS = frozenset({"add_module", "register_module"})  # beside Python's list/dict mutators


class ModuleShapes(Engine):
    """Part: shapes through ``nn`` layers, containers, recurrent layers and losses."""

    def layer_result(self, layer: ly.Layer, shape: Optional[Shape]) -> Optional[Shape]:
        """A layer's output; after a Linear that cannot take its input, the last dimension it declares."""
        if shape is None:
            return None
        output = ly.layer_output(layer, shape)
        if isinstance(output, Mismatch):
            self.raised = True
            return _declared_output(layer, shape)
        return output

    def loss_checked(self, contract: LossContract, name: str, input_shape: Optional[Shape],
                     target: Optional[Shape]) -> None:
        """A loss whose target cannot go with its input raises."""
        if input_shape is not None and target is not None and ly.loss_mismatch(contract, name, input_shape, target):
            self.raised = True

    # --- module calls -----------------------------------------------------------------------------------------------

    def module_with_layer(self, node: cst.Call, qualified: str, args: list[Operand], kw: dict[str, Operand],
                          module: AbstractValue) -> AbstractValue:
        """``nn.Linear(784, 10)``: the module with what its constructor's literal arguments say."""
        name = api.nn_module_name(qualified)
        record = LAYERS.get(name) if name is not None else None
        if record is None:
            return module
        starred = any(arg.star for arg in node.args)
        children: tuple[AbstractValue, ...] = ()
        if record.name == "Sequential":
            # An empty Sequential is filled later (append, add_module): what it holds is not known here.
            if starred or kw or not args or any(a.value.kind is not Kind.MODULE for a in args):
                return module
            children = tuple(a.value for a in args)
        layer = ly.build_layer(record, ArgumentReader(args, kw, record.parameters, starred), children)
        return module.but(layer=layer) if layer is not None else module

    def layer_parameter(self, module: AbstractValue, attr: str, result: AbstractValue) -> AbstractValue:
        """``fc.weight`` is ``[out_features, in_features]``, a convolution's ``[out, in / groups, *kernel]``..."""
        if result.kind is not Kind.TENSOR or module.layer is None or attr not in ("weight", "bias"):
            return result
        return with_shape(result, _parameter_shape(module.layer, attr))

    def module_altered(self, module: Operand, method: str) -> None:
        """``seq.append(layer)``, ``seq[1] = layer``: the container's layers are no longer the ones it was built
        with."""
        value = module.value
        knows_children = value.elements is not None or value.any_child is not None
        if (value.layer is None and not knows_children) or not (method in api.CONTAINER_MUTATORS
                                                               or method in _MODULE_MUTATORS):
            return
        path = self.path_of(module.node) if isinstance(module.node, cst.BaseExpression) else None
        if path is not None and self.state is not None:
            altered = value.but(layer=None, elements=None, any_child=None)
            self.state.bind(path, altered)
            self.note_self_attribute(path, altered, registered=False)

    def shape_module_call(self, node: cst.Call, module: Operand, args: list[Operand],
                          keywords: Sequence[tuple[str, Operand]], result: AbstractValue) -> AbstractValue:
        """A torch layer's call: its events where its sizes meet the input's, and its output's shape."""
        layer = module.value.layer
        if layer is None or result.kind is not Kind.TENSOR or not args or args[0].value.kind is not Kind.TENSOR:
            return with_shape(result, None) if result.kind is Kind.TENSOR else result
        first = args[0]
        if isinstance(layer, ly.SequentialLayer):
            return self.sequential_call(node, module, layer, first, result)
        if isinstance(layer, ly.LossLayer):
            target = args[1] if len(args) > 1 else dict(keywords).get("target")
            target_shape = shape_of(target.value) if target is not None else None
            if target is not None and first.value.shape is not None and target_shape is not None and not self.muted:
                self.emit(LossShapes(node, f"{module.text or layer.name}(...)", layer.contract, first, target))
            self.loss_checked(layer.contract, layer.name, first.value.shape, target_shape)
            return with_shape(result, ly.loss_output(layer.contract, layer.reduction, first.value.shape, target_shape))
        if isinstance(layer, ly.RecurrentLayer):
            return self.recurrent_call(node, module, layer, first, args[1] if len(args) > 1 else None, result)
        if first.value.shape is not None and not self.muted:
            self.emit(LayerCalled(node, module, layer, first))
        return with_shape(result, self.layer_result(layer, first.value.shape))

    def run_forward(self, node: cst.Call, runner: ModuleRunner, args: list[Operand], kw: dict[str, Operand]) -> None:
        """``torch.jit.trace(model, x)``: the forward of a module class of this file runs on the example, as
        ``model(x)`` would."""
        if any(arg.star for arg in node.args):
            return
        module = args[0] if args else kw.get(runner.module)
        example = args[1] if len(args) > 1 else kw.get(runner.inputs)
        if module is None or example is None or module.value.kind is not Kind.MODULE:
            return
        found = self.find_method(module.value.class_name, "forward") if module.value.class_name else None
        if found is None:
            return
        if example.value.kind is Kind.TENSOR:
            inputs = [example]
        elif isinstance(example.node, cst.Tuple):
            inputs = self.sequence_operands(example)
        else:
            return
        if inputs and all(i.value.kind is Kind.TENSOR for i in inputs):
            self.call_in_file(node, found[1], found[0], module.value, inputs, [])

    def sequential_call(self, node: cst.Call, module: Operand, layer: ly.SequentialLayer, first: Operand,
                        result: AbstractValue) -> AbstractValue:
        """``nn.Sequential(...)(x)``: each child in turn; a module class of this file runs its forward."""
        current = first
        for index, child in enumerate(layer.children):
            child_operand = Operand(module.node, f"{module.text or 'Sequential'}[{index}]", child)
            if child.class_name is not None:
                found = self.find_method(child.class_name, "forward")
                if found is None:
                    return with_shape(result, None)
                returned = self.call_in_file(node, found[1], found[0], child, [current], [])
                if returned.kind is not Kind.TENSOR:
                    return with_shape(result, None)
                current = Operand(node, _applied(child_operand, current, index), returned)
                continue
            if child.layer is None or isinstance(child.layer, (ly.LossLayer, ly.RecurrentLayer)):
                return with_shape(result, None)
            inner = child.layer
            if isinstance(inner, ly.SequentialLayer):
                output = self.sequential_call(node, child_operand, inner, current, result)
            else:
                if current.value.shape is not None and not self.muted:
                    self.emit(LayerCalled(node, child_operand, inner, current))
                output = with_shape(result, self.layer_result(inner, current.value.shape))
            if output.shape is None:
                return with_shape(result, None)
            current = Operand(node, _applied(child_operand, current, index), output)
        return with_shape(result, current.value.shape)

    def recurrent_call(self, node: cst.Call, module: Operand, layer: ly.RecurrentLayer, first: Operand,
                       state: Optional[Operand], result: AbstractValue) -> AbstractValue:
        """``lstm(x, (h0, c0))``: the output and the final state, as the ``(output, state)`` pair it returns."""
        hidden: list[Operand] = []
        if state is not None:
            hidden = self.sequence_operands(state) if state.value.kind is Kind.SEQUENCE else [state]
        if first.value.shape is not None and not self.muted and (state is None or all(
                h.value.kind is Kind.TENSOR for h in hidden)):
            self.emit(LayerCalled(node, module, layer, first, tuple(hidden)))
        given_state = tuple(shape_of(h.value) for h in hidden)
        if first.value.shape is None:
            outcome = ly.RecurrentResult(hidden=ly.state_after(None, given_state))
        else:
            outcome = ly.recurrent_output(layer, first.value.shape, given_state)
        if outcome.mismatch is not None:
            self.raised = True
        output = with_shape(result, outcome.output)  # what it gives once the state is right: one finding per bug
        final = with_shape(result, outcome.hidden if outcome.mismatch is not None
                           else ly.state_after(outcome.hidden, given_state))
        if first.value.shape is None and final.shape is None:
            return with_shape(result, None)
        state_value = AbstractValue(kind=Kind.SEQUENCE, elements=(final, final)) if layer.cell == "LSTM" else final
        return AbstractValue(kind=Kind.SEQUENCE, origin=result.origin, elements=(output, state_value))


def _applied(module: Operand, given: Operand, index: int) -> str:
    """How a message names a Sequential child's output: ``self.features[0](x)``, then ``self.features[3](...)``."""
    return f"{module.text}({given.text or 'input'})" if index == 0 else f"{module.text}(...)"


def _parameter_shape(layer: ly.Layer, attr: str) -> Optional[Shape]:
    if isinstance(layer, ly.LinearLayer):
        return Shape((layer.out_features, layer.in_features)) if attr == "weight" else Shape((layer.out_features,))
    if isinstance(layer, ly.EmbeddingLayer) and attr == "weight":
        return Shape((layer.count, layer.size))
    if isinstance(layer, ly.ConvLayer) and layer.groups is not None:
        groups = sh.literal(layer.groups)
        first, second = (layer.in_channels, layer.out_channels) if layer.transposed else \
            (layer.out_channels, layer.in_channels)
        if attr == "bias":
            return Shape((layer.out_channels,))
        per_group = second.divided_by(groups) if second is not None else None
        return Shape((first, per_group, *layer.kernel))
    return None


def _declared_output(layer: ly.Layer, shape: Shape) -> Optional[Shape]:
    """What a layer gives whatever fix its input gets: a Linear's last dimension (the fix may add a flatten, so
    the others are unknown)."""
    if isinstance(layer, ly.LinearLayer):
        return sh.trailing(layer.out_features)
    return None

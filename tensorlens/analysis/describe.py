"""Words for facts: how messages and hovers say what the engine knows and where it learned it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Optional

import libcst as cst

from tensorlens.analysis.events import Operand
from tensorlens.analysis.shapes import Symbol
from tensorlens.analysis.values import AbstractValue, Device, Kind, Located, Tri

LineOf = Callable[[cst.CSTNode], int]


def where(fact: Located, line_of: LineOf) -> str:
    """`` (moved at line 12)`` or an empty string when the fact has no known origin."""
    if fact.origin is None:
        return ""
    return f" ({fact.origin.how} at line {line_of(fact.origin.node)})"


def device_phrase(text: str, value: AbstractValue, line_of: LineOf) -> str:
    """``` `x` is on cuda (moved at line 3)```."""
    device = value.known_device
    noun = "model" if value.kind is Kind.MODULE else "tensor"
    subject = f"`{text}`" if text else f"a {noun}"
    return f"{subject} is on {device}{where(value.device, line_of)}"


def shape_text(value: AbstractValue) -> Optional[str]:
    """A tensor's or an array's shape as a short text (``[B, 10]``), an int's size, for inlay hints; None when
    unknown."""
    if value.kind in (Kind.TENSOR, Kind.NDARRAY) and value.shape is not None:
        return str(value.shape)
    if value.integer is not None and value.kind is Kind.SCALAR:
        return str(value.integer)
    return None


def symbol_notes(symbols: Iterable[Symbol], line_of: LineOf) -> str:
    """`` (B: x.size(0) at line 5)``: where each named size was learned; empty when none is named."""
    notes = []
    for symbol in symbols:
        how = symbol.how or "a size"
        where_learned = f" at line {line_of(symbol.origin)}" if symbol.origin is not None else ""
        notes.append(f"{symbol.name}: {how}{where_learned}")
    return f" ({'; '.join(notes)})" if notes else ""


def shape_phrase(text: str, value: AbstractValue, line_of: LineOf) -> str:
    """```x` [64, 800] (computed at line 39)``` with each symbolic size's origin."""
    shape = value.shape
    subject = f"`{text}`" if text else "the tensor"
    origin = value.origin
    where_made = f" ({origin.how} at line {line_of(origin.node)})" if origin is not None else ""
    symbols = symbol_notes(shape.symbols(), line_of) if shape is not None else ""
    return f"{subject} {shape if shape is not None else '[?]'}{where_made}{symbols}"


def layer_phrase(text: str, module: AbstractValue, described: str, line_of: LineOf) -> str:
    """```self.fc1` is Linear(in_features=400, out_features=120) (created at line 12)```."""
    subject = f"`{text}`" if text else "the layer"
    origin = module.origin
    where_made = f" ({origin.how} at line {line_of(origin.node)})" if origin is not None else ""
    return f"{subject} is {described}{where_made}"


def shape_origins(operands: Iterable[Operand]) -> list[tuple[cst.CSTNode, str]]:
    """Related locations for a shape finding: where each operand with a known origin got its shape."""
    related = []
    for operand in operands:
        value = operand.value
        if value.origin is not None and value.shape is not None:
            name = f"`{operand.text}`" if operand.text else "the tensor"
            related.append((value.origin.node, f"{name} gets its shape {value.shape} here"))
    return related


def describe_value(value: AbstractValue, line_of: LineOf) -> str:
    """One line for a hover: kind (with the shape), then each known fact with where it came from."""
    parts = [_kind_word(value)]
    if value.kind is Kind.TENSOR and value.shape is not None:
        parts[0] = f"tensor{value.shape}" + symbol_notes(value.shape.symbols(), line_of)
        if value.is_parameter:
            parts[0] = "parameter" + parts[0][len("tensor"):]
    if value.kind is Kind.NDARRAY and value.shape is not None:
        parts[0] = f"numpy array{value.shape}"
    if value.integer is not None and value.kind is Kind.SCALAR:
        parts[0] = f"number {value.integer}" + symbol_notes(value.integer.symbols, line_of)
    if value.kind is Kind.MODULE and value.layer is not None:
        parts[0] = f"module nn.{value.layer.describe()}" if value.class_name is None else parts[0]
    device = value.known_device
    if device is not None and value.kind is not Kind.DEVICE:
        parts.append(f"device {device}{where(value.device, line_of)}")
    if value.kind is Kind.DEVICE and value.denotes is not None:
        parts.append(_device_value_words(value.denotes))
    if value.kind is Kind.TENSOR:
        requires = value.requires_grad_tri
        if requires is Tri.YES:
            parts.append(f"requires_grad{where(value.requires_grad, line_of)}")
        elif requires is Tri.NO:
            parts.append("no grad")
        if value.is_leaf is Tri.YES:
            parts.append("leaf")
        elif value.has_grad_fn is Tri.YES:
            parts.append("has grad_fn (non-leaf)")
        if value.is_scalar is Tri.YES:
            parts.append("0-dim")
        if value.view_of is not None:
            parts.append(f"view of `{value.view_of.text}`")
    for group in sorted(value.aliases, key=lambda g: g.ident):
        other = "numpy array" if value.kind is Kind.TENSOR else "tensor"
        parts.append(f"shares memory with a {other} ({group.description}, line {line_of(group.origin)})")
    return " · ".join(parts)


def _kind_word(value: AbstractValue) -> str:
    if value.kind is Kind.TENSOR and value.is_parameter:
        return "parameter"
    if value.kind is Kind.MODULE and value.class_name:
        return f"module {value.class_name}"
    if value.kind is Kind.MODULE and value.qualified:
        return f"module {value.qualified.replace('torch.nn.', 'nn.')}"
    if value.kind is Kind.API and value.qualified:
        return f"`{value.qualified}`"
    return value.kind.value


def _device_value_words(device: Device) -> str:
    if device.kind == "symbolic" and device.accelerator:
        return f"{device.accelerator} when available, else cpu"
    return str(device)


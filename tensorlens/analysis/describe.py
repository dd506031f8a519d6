"""Words for facts: how messages and hovers say what the engine knows and where it learned it."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

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


def describe_value(value: AbstractValue, line_of: LineOf) -> str:
    """One line for a hover: kind, then each known fact with where it came from."""
    parts = [_kind_word(value)]
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


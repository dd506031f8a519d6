"""Models of ``nn.Module`` subclasses defined in the file being checked.

``__init__`` is walked when the class is defined; every ``self.X = ...`` it
makes becomes an attribute template. An instance's submodules, parameters and
buffers follow the instance when it moves (``model.to(device)``); plain tensor
attributes do not, exactly as in PyTorch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from tensorlens.analysis.values import AbstractValue, Kind, Tri


@dataclass
class ClassModel:
    """What ``__init__`` set up on ``self`` for one user class."""

    name: str
    node: cst.ClassDef
    is_module: bool
    attributes: dict[str, AbstractValue] = field(default_factory=dict)
    # Attributes that move with the module: parameters, buffers and submodules.
    registered: set[str] = field(default_factory=set)
    methods: dict[str, cst.FunctionDef] = field(default_factory=dict)
    base: Optional[str] = None  # the nearest base class defined in this file, whose methods it inherits
    layer_base: Optional[str] = None  # a torch.nn layer it subclasses (``BatchNorm2d``): it has that layer's parameters
    # What ``__init__`` itself left in each attribute (``attributes`` joins every method's assignments): what a
    # method run on a new instance reads, before any other method reassigned it (see instances.py).
    initial: dict[str, AbstractValue] = field(default_factory=dict)
    initial_registered: set[str] = field(default_factory=set)

    def define(self, attribute: str, value: AbstractValue, registered: bool) -> None:
        """Record ``self.attribute = value`` (or a ``register_buffer`` / ``register_parameter``)."""
        self.attributes[attribute] = value
        if registered or value.is_parameter or value.kind is Kind.MODULE:
            self.registered.add(attribute)
        else:
            self.registered.discard(attribute)

    def define_initial(self, attribute: str, value: AbstractValue, registered: bool) -> None:
        """Record what ``__init__`` assigns ``self.attribute`` (its last assignment there wins)."""
        self.initial[attribute] = value
        if registered or value.is_parameter or value.kind is Kind.MODULE:
            self.initial_registered.add(attribute)
        else:
            self.initial_registered.discard(attribute)

    @property
    def has_parameters(self) -> Tri:
        """YES when some parameter or parameterful submodule was registered, or it subclasses a torch layer."""
        if self.layer_base is not None:
            return Tri.YES
        for name in self.registered:
            value = self.attributes[name]
            if value.is_parameter or value.has_parameters is Tri.YES:
                return Tri.YES
        return Tri.UNKNOWN

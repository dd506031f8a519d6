"""Module containers: which children an ``nn.Sequential``/``nn.ModuleList`` holds, and a Sequential's call.

A container keeps its children on its value (``elements`` in order when the
engine saw each one added, ``any_child`` their join), so iterating a
ModuleList, indexing it, or calling a Sequential runs the children's own
module calls: a user module's ``forward`` is followed as for ``self.child(x)``,
and what the last child saves of its output, or writes in place, is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import Operand
from tensorlens.analysis.values import AbstractValue, Kind

# Longer literal Sequentials exist (VGG's feature stacks), but their middle children change nothing the
# engine tracks across the call that the first and last do not: past this, the call is not run child by child.
MAX_CHAINED_CHILDREN = 64


class ContainerSemantics(Engine):
    """Mixin: the children of module containers and the call of an ``nn.Sequential``."""

    def container_children(self, node: cst.Call, args: Sequence[Operand]
                           ) -> tuple[Optional[tuple[AbstractValue, ...]], Optional[AbstractValue]]:
        """The children ``nn.Sequential(a, b)``, ``nn.ModuleList([..])``, ``nn.Sequential(*layers)`` are built
        with: in order (None when their number or order is unknown), and what any one of them is."""
        assert self.state is not None
        if not node.args:
            return (), None  # ``nn.Sequential()``, filled by ``add_module`` later
        ordered: Optional[list[AbstractValue]] = []
        uniform: list[AbstractValue] = []
        given = iter(args)
        for arg in node.args:
            if arg.keyword is not None:
                return None, None
            if arg.star == "*":
                # A list built before the call (appended in a loop, a comprehension): only a name is read here,
                # its value as the state holds it (the star argument itself is not among ``args``).
                held = self.state.get(self.path_of(arg.value) or "") if isinstance(arg.value, cst.Name) else None
                if held is not None and held.kind is Kind.MODULE and (held.elements is not None
                                                                    or held.any_child is not None):
                    # ``nn.Sequential(*module_list)``: an nn.ModuleList's children, in order when known
                    held = AbstractValue(kind=Kind.SEQUENCE, elements=held.elements, source=held.any_child)
                value = held if held is not None and held.kind is Kind.SEQUENCE else None
            elif arg.star:
                return None, None
            else:
                value = next(given).value
            if value is None:
                return None, None
            if value.kind is Kind.SEQUENCE and value.elements is not None:
                items: Iterable[AbstractValue] = value.elements
            elif value.kind is Kind.SEQUENCE and value.source is not None:
                ordered = None  # a comprehension or a list grown in a loop: how many, the engine cannot say
                uniform.append(value.source)
                continue
            else:
                items = (value,)
            for item in items:
                uniform.append(item)
                if ordered is not None:
                    ordered.append(item)
        if not uniform or any(child.kind is not Kind.MODULE for child in uniform):
            return None, None
        return (tuple(ordered) if ordered is not None else None), _join(uniform)

    def with_child_added(self, container: AbstractValue, added: AbstractValue) -> AbstractValue:
        """``seq.add_module(name, m)`` / ``layers.append(m)``: the container with ``m`` last."""
        if added.kind is not Kind.MODULE or container.any_child is None and container.elements != ():
            return container.but(elements=None, any_child=None)
        elements = container.elements + (added,) if container.elements is not None else None
        any_child = added if container.any_child is None else container.any_child.join(added)
        return container.but(elements=elements, any_child=any_child)

    def call_children(self, node: cst.Call, container: Operand, first: Operand) -> Optional[AbstractValue]:
        """``seq(x)`` for an ``nn.Sequential`` whose children are known in order: each child's module call on the
        previous one's result (the first on ``x`` itself, so what it saves or writes of ``x`` is the caller's
        ``x``); None when the children are not known."""
        value = container.value
        # Children added in a loop: how many is unknown, but each is like ``any_child``; one call of it says what
        # the first saves of the input and what the last returns.
        children = value.elements if value.elements is not None else (
            (value.any_child,) if value.any_child is not None else None)
        if api.nn_module_name(value.qualified or "") != "Sequential" or not children \
                or len(children) > MAX_CHAINED_CHILDREN or any(c.kind is not Kind.MODULE for c in children):
            return None
        name = container.text or "module"
        current = first
        # Device and shape facts of the whole call are the container's own (checked by the caller): the children
        # run only for what they compute, save and write, without telling the rules again at the same line.
        self.muted += 1
        try:
            for position, child in enumerate(children):
                held = Operand(node, f"{name}[{position}]", held_child(value, child))
                result = self.call_module(node, held, [current])
                if result.kind is not Kind.TENSOR:
                    return None
                current = Operand(node, f"{name}(...)", result)
        finally:
            self.muted -= 1
        return current.value


def held_child(container: AbstractValue, child: AbstractValue) -> AbstractValue:
    """A child as the container holds it now: it moved with the container (``model.cuda()`` after the children were
    made on the CPU), and its mode is whatever the container's is."""
    return child.but(device=container.device, mode=container.mode)


def _join(values: Sequence[AbstractValue]) -> AbstractValue:
    joined = values[0]
    for value in values[1:]:
        joined = joined.join(value)
    return joined

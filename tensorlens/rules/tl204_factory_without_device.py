"""TL204 factory-without-device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.events import Call, InPlaceWrite, Operand, OperandsMeet, Returned
from tensorlens.analysis.rule_api import Edit, FixProposal, LineOf, Report, Rule
from tensorlens.analysis.values import CPU, Kind, Tri

# torch.as_tensor(t) keeps a tensor argument's device.
# A factory that may share its argument's memory (torch.as_tensor) is a conversion, not a new tensor here.
_FACTORIES = api.FACTORIES - api.MEMORY_SHARING_FACTORIES


class FactoryWithoutDevice(Rule):
    """
    ## What it does
    Flags a tensor factory (`torch.zeros`, `torch.arange`, `torch.ones`,
    `torch.tensor([...])`...) called without `device=` inside an `nn.Module`'s
    `forward()`, when the CPU tensor it makes meets the module's input, its
    output, a submodule or a registered buffer. A 0-dim tensor (`torch.tensor(1.0)`,
    `torch.zeros(())`) mixes with any device, so only a factory that certainly
    makes dimensions (`torch.zeros(4)`, `torch.arange(n)`) is flagged.

    ## Why is this bad
    The module works while everything is on the CPU. Once the module and its input
    move to a GPU (`model.to("cuda")`), the factory still makes CPU tensors and the
    op raises `RuntimeError: Expected all tensors to be on the same device`.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    class Shift(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Linear(4, 4)

        def forward(self, x):
            positions = torch.arange(x.shape[1]).unsqueeze(-1)
            return self.proj(x) + positions
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    class Shift(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Linear(4, 4)

        def forward(self, x):
            positions = torch.arange(x.shape[1], device=x.device).unsqueeze(-1)
            return self.proj(x) + positions
    ```

    ## Fix
    Safe when forward's input parameter still holds the input at the factory call:
    `device=<input>.device` is added after the call's last argument. None when the
    input was rebound to something elsewhere (`x = x.cpu()`), or the call passes
    `*args`/`**kwargs` (they may hold a device).

    ## References
    - https://pytorch.org/docs/stable/tensor_attributes.html#torch-device
    - https://pytorch.org/docs/stable/notes/cuda.html#best-practices
    """

    code = "TL204"
    triggers = ("forward",)
    fixable = "sometimes"

    def __init__(self, sink: Callable[[Report], None]):
        super().__init__(sink)
        self._factories: dict[int, Call] = {}
        # Factory results filled (``t[i] = v``, ``t.copy_(v)``) from a tensor on the module's device: a
        # copy to the host, not an error, until the CPU tensor is returned to code on the GPU.
        self._filled: dict[int, tuple[Operand, cst.CSTNode]] = {}

    def on_call(self, event: Call) -> None:
        if not event.in_forward or event.qualified not in _FACTORIES or event.keyword("device") is not None:
            return
        result = event.result
        if result.kind is not Kind.TENSOR or result.known_device != CPU or result.device.origin is None \
                or result.device.origin.node is not event.node or result.is_scalar is not Tri.NO:
            return  # a default device set elsewhere, or a tensor that may be 0-dim
        if event.qualified == "torch.tensor" and event.args and event.args[0].value.kind is Kind.TENSOR:
            return
        self._factories[id(event.node)] = event

    def on_operands_meet(self, event: OperandsMeet) -> None:
        if not self._factories:
            return
        for operand in event.operands:
            factory = self._made_by_factory(operand)
            if factory is None:
                continue
            other = next((o for o in event.operands if _on_module_device(o)), None) \
                or next((o for o in event.operands if _elsewhere(o)), None)
            if other is not None:
                self._report(factory, operand, other, event)

    def on_in_place_write(self, event: InPlaceWrite) -> None:
        if not self._factories or event.written is None or not _on_module_device(event.written):
            return
        factory = self._made_by_factory(event.target)
        if factory is not None:
            self._filled.setdefault(id(factory.node), (event.written, event.node))

    def on_returned(self, event: Returned) -> None:
        if not event.in_forward or not self._filled:
            return
        for operand in event.values:
            factory = self._made_by_factory(operand)
            filled = self._filled.get(id(factory.node)) if factory is not None else None
            if factory is None or filled is None:
                continue
            source, write = filled
            name, what = factory.qualified, f"`{source.text}`" if source.text else "a tensor on the module's device"

            def message(line_of: LineOf, name: Optional[str] = name, what: str = what,
                        write: cst.CSTNode = write) -> str:
                return (f"`{name}()` in forward() makes a CPU tensor (no `device=`), filled from {what} at line "
                        f"{line_of(write)} and returned: once the module moves to a GPU each write copies to the "
                        f"host and forward() returns a CPU tensor to code whose tensors are on the GPU; pass the "
                        f"input's device as `device=`")

            self.report(factory.node, message, [(write, "filled from the module's device here"),
                                                (event.node, "returned here, still on the CPU")], _fix(factory))

    def _made_by_factory(self, operand: Operand) -> Optional[Call]:
        value = operand.value
        origin = value.device.origin
        if origin is None or value.known_device != CPU or value.is_scalar is not Tri.NO:
            return None
        return self._factories.get(id(origin.node))

    def _report(self, factory: Call, made: Operand, other: Operand, meet: OperandsMeet) -> None:
        name = factory.qualified
        what = f"`{other.text}`" if other.text else "a tensor"
        where_it_lives = "the module" if other.value.kind is Kind.MODULE else "on the module's device"
        device = f"`device={other.text}.device`" if other.value.kind is Kind.TENSOR and other.text.isidentifier() \
            else "the input's device as `device=`"

        def message(line_of: LineOf) -> str:
            return (f"`{name}()` in forward() makes a CPU tensor (no `device=`) that meets {what} ({where_it_lives}) "
                    f"in `{meet.operation}` at line {line_of(meet.node)}: once the module moves to a GPU this raises "
                    f"RuntimeError (Expected all tensors to be on the same device); pass {device}")

        self.report(factory.node, message, [(meet.node, "the CPU tensor meets the module's device here")],
                    _fix(factory))


def _fix(factory: Call) -> Optional[FixProposal]:
    """``device=<input>.device`` after the factory's last argument."""
    node, name = factory.node, factory.forward_input
    if name is None or not isinstance(node, cst.Call) or not node.args or any(arg.star for arg in node.args):
        return None
    return FixProposal(f"create it on the input's device: `device={name}.device`", True,
                       [Edit(node.args[-1].value, f", device={name}.device", "after")])


def _on_module_device(operand: Operand) -> bool:
    device = operand.value.known_device
    return device is not None and device.kind == "module"


def _elsewhere(operand: Operand) -> bool:
    """On a device other than the CPU: forward() walked for a call of a moved module (the factory is in forward)."""
    device = operand.value.known_device
    return device is not None and device.certainly_differs(CPU)

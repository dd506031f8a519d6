"""TL201 device-mismatch."""

from __future__ import annotations

import re
from typing import Optional

import libcst as cst

from tensorlens.analysis.describe import device_phrase
from tensorlens.analysis.events import Operand, OperandsMeet
from tensorlens.analysis.rule_api import Edit, FixProposal, LineOf, Rule
from tensorlens.analysis.values import KNOWN_DEVICE_TYPES, Kind, Tri


class DeviceMismatch(Rule):
    """
    ## What it does
    Flags one op, function call or module call that mixes tensors or modules known
    to live on different devices: a model moved to CUDA called on a CPU batch,
    `a.cuda() + b`, `torch.cat([gpu, cpu])`. A 0-dim CPU tensor may meet a CUDA
    tensor (PyTorch treats it like a Python number), so a CPU tensor counts only
    when it certainly has dimensions (`torch.ones(3)`, a batch), never
    `torch.tensor(0.5)`, `torch.zeros(())` or one whose shape is unknown. A
    device chosen at run time (`device = "cuda" if torch.cuda.is_available() else
    "cpu"`) counts as that accelerator against tensors left on the CPU: on every
    machine the code is written for, the op fails.

    ## Why is this bad
    PyTorch raises `RuntimeError: Expected all tensors to be on the same device`
    the first time the line runs on a GPU machine, often hours into a job.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(10, 2).to("cuda")
    x = torch.randn(8, 10)
    out = model(x)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(10, 2).to("cuda")
    x = torch.randn(8, 10, device="cuda")
    out = model(x)
    ```

    ## Fix
    Unsafe: move the CPU side to the other's device, `x.to(model_device)` where
    the other side is a tensor (`.to(other.device)`) or a module
    (`.to(next(model.parameters()).device)`). Which side should move is a design
    decision, and a per-step copy may be slower than creating the tensor on the
    right device in the first place.

    ## References
    - https://pytorch.org/docs/stable/notes/cuda.html
    - https://pytorch.org/docs/stable/tensor_attributes.html#torch-device
    """

    code = "TL201"
    triggers = tuple(sorted(KNOWN_DEVICE_TYPES - {"cpu"}))

    def on_operands_meet(self, event: OperandsMeet) -> None:
        pair = _mismatched_pair(event.operands)
        if pair is None:
            return
        first, second = pair
        operation = event.operation

        def message(line_of: LineOf) -> str:
            return (f"{device_phrase(first.text, first.value, line_of)} but "
                    f"{device_phrase(second.text, second.value, line_of)}: `{operation}` needs them on one "
                    f"device (RuntimeError: Expected all tensors to be on the same device)")

        related = []
        for operand in (first, second):
            origin = operand.value.device.origin
            if origin is not None:
                device = operand.value.known_device
                related.append((origin.node, f"`{operand.text}` is on {device} from here"))
        self.report(event.node, message, related, fix=_move_cpu_side(first, second))


# An expression that evaluates the same twice and binds tighter than `.`: a name or an attribute chain.
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
# The CPU side gets `.to(...)` appended, so it must bind at least as tightly as a call.
_ATOMS = (cst.Name, cst.Attribute, cst.Subscript, cst.Call)


def _move_cpu_side(first: Operand, second: Operand) -> Optional[FixProposal]:
    """`cpu_side.to(<the other's device>)`, when one side is on the CPU and the other a plain name."""
    cpu, other = (first, second) if _on_cpu(first) else (second, first) if _on_cpu(second) else (None, None)
    if cpu is None or other is None or not isinstance(cpu.node, _ATOMS) or cpu.value.kind is not Kind.TENSOR:
        return None
    other_text = other.text
    if not _PLAIN.match(other_text):
        return None
    if other.value.kind is Kind.TENSOR:
        device = f"{other_text}.device"
    elif other.value.kind is Kind.MODULE:
        device = f"next({other_text}.parameters()).device"
    else:
        return None
    return FixProposal(f"move `{cpu.text}` to `{device}`", False, [Edit(cpu.node, f".to({device})", "after")])


def _on_cpu(operand: Operand) -> bool:
    device = operand.value.known_device
    return device is not None and device.kind == "cpu"


def _mismatched_pair(operands: tuple[Operand, ...]) -> Optional[tuple[Operand, Operand]]:
    placed = [(o, device) for o in operands if (device := o.value.known_device) is not None and not _is_cpu_scalar(o)
              and not _made_in_forward_without_device(o)]
    for index, (first, first_device) in enumerate(placed):
        for second, second_device in placed[index + 1:]:
            if first_device.certainly_differs(second_device):
                return first, second
    return None


def _is_cpu_scalar(operand: Operand) -> bool:
    """A 0-dim CPU tensor mixes with tensors on any device, as in PyTorch: a CPU tensor counts only when
    the engine knows it has dimensions."""
    device = operand.value.known_device
    return operand.value.kind is Kind.TENSOR and operand.value.is_scalar is not Tri.NO and device is not None \
        and device.kind == "cpu"


def _made_in_forward_without_device(operand: Operand) -> bool:
    """A tensor a factory made on the default device inside forward(): TL204 reports it at the factory."""
    origin = operand.value.device.origin
    return origin is not None and origin.default_device_in_forward

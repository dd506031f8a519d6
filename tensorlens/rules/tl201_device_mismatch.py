"""TL201 device-mismatch."""

from __future__ import annotations

from typing import Optional

from tensorlens.analysis.describe import device_phrase
from tensorlens.analysis.events import Operand, OperandsMeet
from tensorlens.analysis.rule_api import LineOf, Rule
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
    None: which side should move is a design decision.

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
        self.report(event.node, message, related)


def _mismatched_pair(operands: tuple[Operand, ...]) -> Optional[tuple[Operand, Operand]]:
    placed = [(o, device) for o in operands if (device := o.value.known_device) is not None and not _is_cpu_scalar(o)]
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

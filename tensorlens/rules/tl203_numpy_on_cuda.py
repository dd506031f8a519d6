"""TL203 numpy-on-cuda."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.describe import device_phrase
from tensorlens.analysis.events import Call, Operand
from tensorlens.analysis.rule_api import Edit, FixProposal, LineOf, Rule
from tensorlens.analysis.values import Device, Kind, Tri
from tensorlens.rules.rewrites import append_call

# np.asarray(t) and friends call t.numpy() (through __array__) and fail the same way.


class NumpyOnCuda(Rule):
    """
    ## What it does
    Flags `t.numpy()` (or `np.asarray(t)`, `np.array(t)`) on a tensor known to live
    on a device other than the CPU (`cuda`, `mps`, `meta`..., or a device chosen as
    "cuda if available"), unless it passes `force=True`.

    ## Why is this bad
    A NumPy array lives in host memory; PyTorch will not copy implicitly and raises
    `TypeError: can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu()
    to copy the tensor to host memory first`.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(10, 3).cuda()
    batch = torch.randn(8, 10)
    predictions = model(batch.cuda()).argmax(dim=1)
    labels = predictions.numpy()
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(10, 3).cuda()
    batch = torch.randn(8, 10)
    predictions = model(batch.cuda()).argmax(dim=1)
    labels = predictions.cpu().numpy()
    ```

    ## Fix
    Safe: `.numpy()` becomes `.cpu().numpy()`, `np.asarray(t)` becomes
    `np.asarray(t.cpu())`. A tensor that also requires grad gets
    `.detach().cpu()`: TL203 and TL302 propose that same edit, so fixing both is
    one change.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.numpy.html
    - https://pytorch.org/docs/stable/generated/torch.Tensor.cpu.html
    """

    code = "TL203"
    triggers = ("numpy", "matplotlib")
    fixable = "always"

    def on_call(self, event: Call) -> None:
        receiver = converted_tensor(event)
        if receiver is None:
            return
        device = receiver.value.known_device
        if device is None or not _off_cpu(device):
            return
        value, text = receiver.value, receiver.text
        short = (event.qualified or '').replace('numpy.', 'np.').replace('matplotlib.pyplot.', 'plt.')
        how = ".numpy()" if event.method else f"{short}()"

        def message(line_of: LineOf) -> str:
            return (f"{device_phrase(text, value, line_of)}: `{how}` raises TypeError (can't convert {device} "
                    f"device type tensor to numpy); call `.cpu()` first")

        related = [(value.device.origin.node, f"placed on {device} here")] if value.device.origin else []
        self.report(event.node, message, related, numpy_fix(event, receiver))


def _off_cpu(device: Device) -> bool:
    if device.is_concrete:
        return device.kind != "cpu"
    return device.kind == "symbolic" and device.accelerator is not None


def list_converted(event: Call, receiver: Operand) -> Optional[str]:
    """The list's text when ``receiver`` stands for the tensors in a list the call converts (``np.array(outs)``)."""
    if event.args and receiver.node is event.args[0].node and receiver.value is not event.args[0].value:
        return event.args[0].text or "the list"
    return None


def numpy_fix(event: Call, receiver: Operand) -> Optional[FixProposal]:
    """The repair of a NumPy conversion, from both TL203's and TL302's facts, so both rules propose
    one identical edit: ``.detach()`` for a tensor that requires grad, then ``.cpu()`` off the CPU."""
    if list_converted(event, receiver) is not None:
        return None  # each tensor of the list needs it: the author chooses how (a stack, a comprehension)
    value = receiver.value
    steps = []
    if value.requires_grad.value is True and event.grad_enabled is Tri.YES:
        steps.append("detach()")
    if value.known_device is not None and _off_cpu(value.known_device):
        steps.append("cpu()")
    if not steps:
        return None
    chain = ".".join(steps)
    if event.method == "numpy" and isinstance(event.node, cst.Call) and isinstance(event.node.func, cst.Attribute):
        edits = [Edit(event.node.func.attr, chain + ".", "before")]
    elif isinstance(receiver.node, cst.BaseExpression):
        edits = append_call(receiver.node, "." + chain)
    else:
        return None
    return FixProposal(f"call `.{chain}` before converting to NumPy", True, edits)


def converted_tensor(event: Call) -> Optional[Operand]:
    """The tensor a call turns into a NumPy array: ``t.numpy()`` or ``np.asarray(t)``.

    ``t.numpy(force=True)`` copies to the host and detaches first: None.
    """
    receiver = event.receiver
    if event.method == "numpy" and receiver is not None and receiver.value.kind is Kind.TENSOR:
        force = event.keyword("force") or (event.args[0] if event.args else None)
        if force is not None and not (isinstance(force.node, cst.Name) and force.node.value == "False"):
            return None
        return receiver
    if event.qualified in api.ARRAY_CONVERTERS and event.args:
        first = event.args[0]
        if first.value.kind is Kind.TENSOR:
            return first
        # A list of tensors (``np.array([t1, t2])``, ``np.stack(outputs)``) converts each of them.
        items = [*(first.value.elements or ()), *([first.value.source] if first.value.source is not None else [])]
        item = next((value for value in items if value.kind is Kind.TENSOR), None) \
            if first.value.kind is Kind.SEQUENCE else None
        if item is not None:
            return Operand(first.node, f"{first.text}[i]" if first.text else "", item)
    return None

"""TL202 discarded-to."""

from __future__ import annotations

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.describe import where
from tensorlens.analysis.events import Call
from tensorlens.analysis.rule_api import Edit, FixProposal, LineOf, Rule
from tensorlens.analysis.values import Kind
from tensorlens.rules.rewrites import is_path, root_name

_CONVERSIONS = api.DEVICE_MOVERS | api.DTYPE_CONVERTERS


class DiscardedTo(Rule):
    """
    ## What it does
    Flags `t.to(...)`, `t.cuda()`, `t.cpu()`, `t.double()`, `t.half()`,
    `t.type(...)`... on a tensor when the call is a statement of its own, so its
    result is thrown away. `model.to(device)` on a module is in place and is not
    flagged.

    ## Why is this bad
    Tensor conversions return a new tensor and leave the original as it was, unlike
    `nn.Module.to`. The tensor stays on the CPU (or keeps its dtype), and the
    device mismatch or dtype error surfaces later, at the op that uses it.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(10, 2).to("cuda")
    batch = torch.randn(8, 10)
    batch.to("cuda")
    scores = model(batch)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(10, 2).to("cuda")
    batch = torch.randn(8, 10)
    batch = batch.to("cuda")
    scores = model(batch)
    ```

    ## Fix
    Safe when the tensor is a plain name, attribute or constant-key item: the call
    is assigned back (`batch = batch.to("cuda")`, `inputs["x"] = inputs["x"].double()`).
    None for a parameter (assigning a plain tensor to a module's parameter
    attribute raises TypeError) or for an expression that cannot be assigned to.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.to.html
    - https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.to
    """

    code = "TL202"
    # A finding needs a tensor (or module) the engine knows of.
    triggers = api.TENSOR_SOURCE_WORDS
    fixable = "sometimes"

    def on_call(self, event: Call) -> None:
        receiver, method = event.receiver, event.method
        if not event.discarded or receiver is None or method not in _CONVERSIONS:
            return
        if receiver.value.kind is not Kind.TENSOR or (method == "type" and not event.args and not event.keywords):
            return  # `t.type()` with no argument only names the type
        value = receiver.value
        subject = f"`{receiver.text}`" if receiver.text else "the tensor"
        name = receiver.text or "t"
        # `b.to("cuda").to("cpu")` cannot be assigned to: the advice keeps the result in the chain's root.
        keeper = name if is_path(receiver.node) or not receiver.text else root_name(receiver.node) or "result"
        # `.to(torch.float64)` keeps the device (the engine's result says so): a conversion, not a move.
        keeps_device = event.result.kind is Kind.TENSOR and event.result.device == value.device
        moves = method in api.DEVICE_MOVERS and method != "type" and not keeps_device

        def message(line_of: LineOf) -> str:
            if moves:
                device = value.known_device
                stays = f"stays on {device}{where(value.device, line_of)}" if device else "stays where it was"
                what = "a moved copy"
            else:
                stays, what = "keeps its dtype", "a converted copy"
            return (f"`{name}.{method}(...)` returns {what} that is thrown away: {subject} {stays}; "
                    f"Tensor.{method}() is not in place (unlike Module.to); write `{keeper} = {name}.{method}(...)`")

        fix = None
        if is_path(receiver.node) and isinstance(event.node, cst.Call) and not event.node.lpar \
                and not value.is_parameter:
            target = receiver.node
            fix = FixProposal(f"keep the result: `{name} = {name}.{method}(...)`", True,
                              [Edit(event.node, lambda code_of: f"{code_of(target)} = ", "before")])
        self.report(event.node, message, fix=fix)

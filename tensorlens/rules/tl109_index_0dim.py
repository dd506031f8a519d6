"""TL109 index-0dim."""

from __future__ import annotations

import libcst as cst

from tensorlens.analysis.events import TensorIndexed
from tensorlens.analysis.rule_api import CodeOf, Edit, FixProposal, LineOf, Rule
from tensorlens.analysis.values import Tri


class IndexZeroDim(Rule):
    """
    ## What it does
    Flags indexing a tensor the engine knows has no dimensions with an integer or a
    slice: `loss.data[0]`, `loss[0]`, `total.sum()[0]`, where `loss` is a reduction
    (`.mean()`, `.sum()`, a loss module or `F.*_loss` without `reduction="none"`) or a
    0-dim factory (`torch.tensor(0.5)`).

    ## Why is this bad
    Since PyTorch 0.4 a reduction returns a 0-dim tensor, and indexing one raises
    `IndexError: invalid index of a 0-dim tensor. Use tensor.item() ...`. The idiom
    `loss.data[0]` comes from older tutorials and GAN code still copied today; it
    fails the first time the logging line runs.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()
    print("loss", loss.data[0])
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()
    print("loss", loss.item())
    ```

    ## Fix
    Unsafe: `x.data[0]` and `x[0]` become `x.item()`, a Python number; code that
    then uses the value as a tensor (calls `.cpu()` on it, concatenates it) needs it
    wrapped again, so the fix is applied with `--unsafe-fixes` only.

    ## References
    - https://pytorch.org/blog/pytorch-0_4_0-migration-guide/#fixing-0-dimensional-tensors
    - https://pytorch.org/docs/stable/generated/torch.Tensor.item.html
    """

    code = "TL109"
    # A tensor the engine knows has no dimensions comes from torch (a reduction, a loss, a factory).
    triggers = ("torch",)
    fixable = "always"

    def on_tensor_indexed(self, event: TensorIndexed) -> None:
        base = event.base
        if not event.takes_a_dimension or base.value.is_scalar is not Tri.YES:
            return
        # `loss.data[0]` reads `loss`'s value: the message names `loss` and the fix drops the `.data` too.
        through_data = isinstance(base.node, cst.Attribute) and base.node.attr.value == "data"
        reader = base.node.value if isinstance(base.node, cst.Attribute) and through_data else base.node
        text = base.text[:-len(".data")] if through_data and base.text.endswith(".data") else base.text
        subject = f"`{text}`" if text else "the tensor"
        origin = None if through_data else base.value.origin

        def message(line_of: LineOf) -> str:
            made = f" ({origin.how} at line {line_of(origin.node)})" if origin is not None else ""
            return (f"{subject} is a 0-dim tensor{made}: indexing it raises IndexError (a reduction has no "
                    f"dimension to index since PyTorch 0.4); use `.item()` for its value")

        def item(code_of: CodeOf) -> str:
            return f"{code_of(reader)}.item()"

        self.report(event.node, message, fix=FixProposal("read the value with `.item()`", False,
                                                         [Edit(event.node, item)]))

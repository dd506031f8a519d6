"""TL407 loss-shape-mismatch."""

from __future__ import annotations

from tensorlens.analysis.describe import shape_origins, shape_phrase
from tensorlens.analysis.events import LossShapes
from tensorlens.analysis.layers import loss_mismatch
from tensorlens.analysis.rule_api import LineOf, Rule


class LossShapeMismatch(Rule):
    """
    ## What it does
    Flags a loss whose target cannot go with its input, with both shapes following
    from literals: `CrossEntropyLoss`/`NLLLoss` (and `F.cross_entropy`/`F.nll_loss`)
    take an `[N, C, d...]` input with `[N, d...]` class indices or probabilities of the
    input's own shape; `BCELoss`/`BCEWithLogitsLoss` need exactly the input's shape;
    `MSELoss`, `L1Loss`, `SmoothL1Loss`, `HuberLoss` need shapes that broadcast.

    ## Why is this bad
    PyTorch raises `ValueError: Target size (torch.Size([16])) must be the same as
    input size (torch.Size([16, 1]))`, `Expected target size [32, 500], got [32, 20]`
    or `0D or 1D target tensor expected, multi-target not supported`: a model output
    with a trailing 1 that the labels lack, logits not transposed to put the classes
    second, class indices kept as a column.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    output = torch.sigmoid(torch.randn(16, 1))
    labels = torch.randint(0, 2, (16,)).float()
    loss = nn.BCELoss()(output, labels)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    output = torch.sigmoid(torch.randn(16, 1))
    labels = torch.randint(0, 2, (16,)).float()
    loss = nn.BCELoss()(output.squeeze(1), labels)
    ```

    ## Fix
    None: squeeze the output, unsqueeze the target, or transpose the logits, as the
    model's meaning requires.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
    - https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html
    """

    code = "TL407"
    # Losses are spelled `...Loss`, `..._loss` or `cross_entropy`.
    triggers = ("Loss", "loss", "entropy")

    def on_loss_shapes(self, event: LossShapes) -> None:
        given, target = event.input, event.target
        if given.value.shape is None or target.value.shape is None:
            return
        mismatch = loss_mismatch(event.contract, event.loss, given.value.shape, target.value.shape)
        if mismatch is None:
            return
        loss = event.loss
        kind = "ValueError" if mismatch.error.startswith(("Using a target", "Target size", "Expected input batch")) \
            else "RuntimeError"

        def message(line_of: LineOf) -> str:
            return (f"`{loss}` gets input {shape_phrase(given.text, given.value, line_of)} and target "
                    f"{shape_phrase(target.text, target.value, line_of)} ({kind}: {mismatch.error})")

        self.report(event.node, message, shape_origins((given, target)))

"""TL405 view-size-mismatch."""

from __future__ import annotations

from tensorlens.analysis.describe import shape_origins, shape_phrase
from tensorlens.analysis.events import Reshaped
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Mismatch, reshape


class ViewSizeMismatch(Rule):
    """
    ## What it does
    Flags `x.view(...)`, `x.reshape(...)` and `torch.reshape(x, ...)` whose sizes
    cannot hold the tensor's elements: without `-1`, their product certainly differs
    from the tensor's element count; with `-1`, the other sizes do not divide it. The
    element count must follow from literals (a batch known only by name, `B`, counts
    only when both sides are multiples of the same `B`).

    ## Why is this bad
    PyTorch raises `RuntimeError: shape '[-1, 400]' is invalid for input of size
    384`: a flatten written for another image size, a channel count that changed, or
    a fixed batch size that the last, smaller batch does not have.

    ## Example
    ```python
    import torch

    features = torch.randn(6, 16, 2, 2)
    flat = features.view(-1, 16 * 5 * 5)
    ```

    ## Use instead
    ```python
    import torch

    features = torch.randn(6, 16, 2, 2)
    flat = features.view(features.size(0), -1)
    ```

    ## Fix
    None: `x.view(x.size(0), -1)` keeps the batch, but the layer after it must then
    take the features the input really has.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.view.html
    - https://pytorch.org/docs/stable/generated/torch.reshape.html
    """

    code = "TL405"
    # Reshapes are spelled `view` or `reshape`.
    triggers = ("view", "reshape")

    def on_reshaped(self, event: Reshaped) -> None:
        shape = event.input.value.shape
        if shape is None:
            return
        mismatch = reshape(shape, event.sizes)
        if not isinstance(mismatch, Mismatch):
            return
        given, operation = event.input, event.operation
        count = shape.numel

        def message(line_of: LineOf) -> str:
            return (f"`{operation}` cannot reshape {shape_phrase(given.text, given.value, line_of)} "
                    f"({count} elements) (RuntimeError: {mismatch.error})")

        self.report(event.node, message, shape_origins((given,)))

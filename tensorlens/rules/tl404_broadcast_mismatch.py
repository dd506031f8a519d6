"""TL404 broadcast-mismatch."""

from __future__ import annotations

from tensorlens.analysis.describe import shape_origins, shape_phrase
from tensorlens.analysis.events import Joining, ShapesCombined
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Mismatch, broadcast, broadcast_in_place
from tensorlens.analysis.torch_api import TENSOR_SOURCE_WORDS


class BroadcastMismatch(Rule):
    """
    ## What it does
    Flags an elementwise op (`a + b`, `a * b`, a comparison, `torch.where`,
    `torch.add`...) between tensors whose shapes cannot broadcast: aligned from the
    last dimension, two sizes certainly differ and neither is 1. In place (`a += b`),
    `b` must broadcast to `a`'s own shape. Sizes must follow from literals: a batch
    dimension known only by name never clashes.

    ## Why is this bad
    PyTorch raises `RuntimeError: The size of tensor a (7) must match the size of
    tensor b (10) at non-singleton dimension 3`: typically a residual branch whose
    pooling rounded differently from the main branch, or a positional encoding laid
    out `(seq, batch, dim)` added to `(batch, seq, dim)` activations.

    ## Example
    ```python
    import torch

    features = torch.randn(32, 10, 7, 7)
    logits = torch.randn(32, 10)
    residual = features - logits
    ```

    ## Use instead
    ```python
    import torch

    features = torch.randn(32, 10, 7, 7)
    logits = torch.randn(32, 10)
    residual = features - logits[:, :, None, None]
    ```

    ## Fix
    None: an unsqueeze, a transpose or a different layer are all possible repairs.

    ## References
    - https://pytorch.org/docs/stable/notes/broadcasting.html
    """

    code = "TL404"
    # Every tensor the engine knows comes through a name holding an import of torch (or a framework on it).
    triggers = TENSOR_SOURCE_WORDS

    def on_shapes_combined(self, event: ShapesCombined) -> None:
        if event.joining not in (Joining.BROADCAST, Joining.BROADCAST_IN_PLACE):
            return
        operands = event.operands
        in_place = event.joining is Joining.BROADCAST_IN_PLACE
        for index, first in enumerate(operands):
            for second in operands[index + 1:]:
                if first.value.shape is None or second.value.shape is None:
                    continue
                clash = (broadcast_in_place if in_place and index == 0 else broadcast)(first.value.shape,
                                                                                       second.value.shape)
                if isinstance(clash, Mismatch):
                    self._report(event, first, second, clash)
                    return

    def _report(self, event: ShapesCombined, first: object, second: object, clash: Mismatch) -> None:
        from tensorlens.analysis.events import Operand

        assert isinstance(first, Operand) and isinstance(second, Operand)
        operation = event.operation

        def message(line_of: LineOf) -> str:
            return (f"`{operation}` cannot broadcast {shape_phrase(first.text, first.value, line_of)} with "
                    f"{shape_phrase(second.text, second.value, line_of)} (RuntimeError: {clash.error})")

        self.report(event.node, message, shape_origins((first, second)))

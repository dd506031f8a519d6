"""TL402 matmul-mismatch."""

from __future__ import annotations

from tensorlens.analysis.describe import shape_origins, shape_phrase
from tensorlens.analysis.events import Joining, ShapesCombined
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Mismatch, bmm, matmul, mm

_PRODUCTS = {Joining.MATMUL: matmul, Joining.MM: mm, Joining.BMM: bmm}


class MatmulMismatch(Rule):
    """
    ## What it does
    Flags a matrix product (`a @ b`, `torch.matmul`, `torch.mm`, `torch.bmm` and their
    method forms) whose inner dimensions certainly differ, or whose operands have a
    rank the op refuses (`mm` of a 3-D tensor), with both shapes following from
    literals. Batched operands follow PyTorch's broadcasting of the batch dimensions.

    ## Why is this bad
    PyTorch raises `RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x784 and
    10x784)`: usually a weight that needed a transpose (`x @ w.t()`) or operands given
    in the wrong order.

    ## Example
    ```python
    import torch

    x = torch.ones(1, 784)
    weight = torch.ones(10, 784)
    logits = torch.matmul(x, weight)
    ```

    ## Use instead
    ```python
    import torch

    x = torch.ones(1, 784)
    weight = torch.ones(10, 784)
    logits = torch.matmul(x, weight.t())
    ```

    ## Fix
    None: a transpose, a reshape or swapped operands are all possible repairs.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.matmul.html
    - https://pytorch.org/docs/stable/generated/torch.mm.html
    """

    code = "TL402"
    # Matrix products are spelled `@`, `matmul`, `mm` or `bmm`.
    triggers = ("@", "matmul", "mm")

    def on_shapes_combined(self, event: ShapesCombined) -> None:
        product = _PRODUCTS.get(event.joining)
        if product is None or len(event.operands) != 2:
            return
        left, right = event.operands
        if left.value.shape is None or right.value.shape is None:
            return
        mismatch = product(left.value.shape, right.value.shape)
        if not isinstance(mismatch, Mismatch):
            return
        operation = event.operation

        def message(line_of: LineOf) -> str:
            return (f"`{operation}` cannot multiply {shape_phrase(left.text, left.value, line_of)} by "
                    f"{shape_phrase(right.text, right.value, line_of)} (RuntimeError: {mismatch.error})")

        self.report(event.node, message, shape_origins(event.operands))

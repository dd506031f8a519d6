"""TL114 view-as-permute."""

from __future__ import annotations

from typing import Optional

from tensorlens.analysis.describe import shape_origins
from tensorlens.analysis.dim_order import reordered
from tensorlens.analysis.events import Reshaped
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Dim, Shape, reshape


class ViewAsPermute(Rule):
    """
    ## What it does
    Flags `x.view(...)`, `x.reshape(...)` and `torch.reshape(x, ...)` whose sizes are
    the tensor's own dimensions in another order, merged or not: `x.view(x.size(1),
    x.size(0))`, `(B, L, H, D)` viewed as `(B, H, L, D)`, `(B, C, H, W)` viewed as
    `(B, H*W, C)`, a `(2, B, hidden)` LSTM state viewed as `(B, 2*hidden)`. Only sizes
    the engine knows count (literals, or sizes named where they were read: `B, L, H, D
    = x.shape`); a size of 1, and two dimensions of the same size, place nothing.

    ## Why is this bad
    `view` and `reshape` never move elements: they read them in the tensor's order
    and cut that sequence to the new sizes. Sizes in another order give a tensor of
    the intended shape whose rows mix the batch, the heads or the channels. Nothing
    raises; the model trains on scrambled inputs and learns less (Informer2020 #59,
    nlp-tutorial #38, Sentence-VAE #15).

    ## Example
    ```python
    import torch

    queries = torch.randn(8, 96, 4, 16)  # (B, L, H, D)
    B, L, H, D = queries.shape
    heads = queries.view(B, H, L, D)
    ```

    ## Use instead
    ```python
    import torch

    queries = torch.randn(8, 96, 4, 16)  # (B, L, H, D)
    B, L, H, D = queries.shape
    heads = queries.transpose(1, 2)
    ```

    ## Fix
    None: which `permute` was meant, and whether a `view` must follow it, depends
    on the layout the next op expects.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.view.html
    - https://pytorch.org/docs/stable/generated/torch.permute.html
    - https://github.com/zhouhaoyi/Informer2020/issues/59
    """

    code = "TL114"
    # Reshapes are spelled `view` or `reshape`.
    triggers = ("view", "reshape")

    def on_reshaped(self, event: Reshaped) -> None:
        shape = event.input.value.shape
        if shape is None:
            return
        target = reshape(shape, event.sizes)
        if not isinstance(target, Shape):
            return
        reorder = reordered(shape, target)
        if reorder is None:
            return
        given, operation = event.input, event.operation
        source = _named_like(shape, target)
        read = ", ".join(str(i) for i in reorder.order)

        def message(line_of: LineOf) -> str:
            origin = given.value.origin
            where_made = f" ({origin.how} at line {line_of(origin.node)})" if origin is not None else ""
            return (f"`{operation}` to {target} reads the dimensions of `{given.text}` {source}{where_made} "
                    f"in another order ({read}): view/reshape never moves elements, so this mixes them "
                    f"across dimensions; permute/transpose them first")

        self.report(event.node, message, shape_origins((given,)))


def _named_like(shape: Shape, target: Shape) -> Shape:
    """``shape`` with each size the target names under a variable's name shown under that name
    (``B, L, H, D = q.shape`` names ``q``'s sizes in the message as the code does)."""
    names = {symbol.key: symbol for symbol in target.symbols()}

    def renamed(dim: Optional[Dim]) -> Optional[Dim]:
        if dim is None or not dim.symbols:
            return dim
        return Dim(dim.coefficient, tuple(names.get(symbol.key, symbol) for symbol in dim.symbols))

    return Shape(tuple(renamed(dim) for dim in shape.dims), shape.exact)

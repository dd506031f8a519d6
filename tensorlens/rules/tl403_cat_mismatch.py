"""TL403 cat-mismatch."""

from __future__ import annotations

from tensorlens.analysis.describe import shape_origins, shape_phrase
from tensorlens.analysis.events import Joining, Operand, ShapesCombined
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.shapes import Mismatch, Shape, certainly_differ, concatenate, stack


class CatMismatch(Rule):
    """
    ## What it does
    Flags `torch.cat` (`concat`) of tensors whose sizes certainly differ in a
    dimension other than the one joined, or whose ranks differ, and `torch.stack` of
    tensors whose shapes certainly differ, with the sizes following from literals: the
    U-Net skip connection whose upsampled map is one pixel short of the encoder's
    after an odd size was pooled.

    ## Why is this bad
    PyTorch raises `RuntimeError: Sizes of tensors must match except in dimension 1.
    Expected size 87 but got size 86 for tensor number 1 in the list.` (for `stack`:
    `stack expects each tensor to be equal size`).

    ## Example
    ```python
    import torch

    skip = torch.randn(1, 64, 87, 87)
    up = torch.randn(1, 64, 86, 86)
    merged = torch.cat([skip, up], dim=1)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn.functional as F

    skip = torch.randn(1, 64, 87, 87)
    up = F.interpolate(torch.randn(1, 64, 86, 86), size=(87, 87))
    merged = torch.cat([skip, up], dim=1)
    ```

    ## Fix
    None: cropping, padding, resizing or a different input size are all repairs.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.cat.html
    - https://pytorch.org/docs/stable/generated/torch.stack.html
    """

    code = "TL403"
    # Joining tensors is spelled `cat`, `concat` or `stack`.
    triggers = ("cat", "stack")

    def on_shapes_combined(self, event: ShapesCombined) -> None:
        if event.joining not in (Joining.CONCATENATE, Joining.STACK):
            return
        shapes = [operand.value.shape for operand in event.operands]
        known = [shape for shape in shapes if shape is not None]
        joined = stack if event.joining is Joining.STACK else concatenate
        mismatch = joined(known, event.dim)
        if not isinstance(mismatch, Mismatch):
            return
        first, second = _clashing(event.operands, event.dim, event.joining)
        operation = event.operation

        def message(line_of: LineOf) -> str:
            return (f"`{operation}` joins {shape_phrase(first.text, first.value, line_of)} and "
                    f"{shape_phrase(second.text, second.value, line_of)} (RuntimeError: {mismatch.error})")

        self.report(event.node, message, shape_origins((first, second)))


def _clashing(operands: tuple[Operand, ...], dim: int, joining: Joining) -> tuple[Operand, Operand]:
    """The first operand with a known shape and the first that cannot join it."""
    known = [operand for operand in operands if operand.value.shape is not None]
    first = known[0]
    for other in known[1:]:
        if _clash(first.value.shape, other.value.shape, dim, joining):
            return first, other
    return first, known[-1]


def _clash(a: Shape | None, b: Shape | None, dim: int, joining: Joining) -> bool:
    if a is None or b is None or len(a.dims) != len(b.dims):
        return True
    rank = len(a.dims)
    skipped = dim + rank if dim < 0 else dim
    return any(certainly_differ(x, y) for i, (x, y) in enumerate(zip(a.dims, b.dims))
               if joining is Joining.STACK or i != skipped)

"""TL101 inplace-on-leaf."""

from __future__ import annotations

from tensorlens.analysis.describe import where
from tensorlens.analysis.events import InPlaceWrite
from tensorlens.analysis.values import AbstractValue, Tri
from tensorlens.rules.base import Rule


class InplaceOnLeaf(Rule):
    """
    ## What it does
    Flags an in-place operation (`x.add_()`, `x += ...`, `x[i] = ...`, `x.zero_()`,
    `x.copy_()`, `out=x`) on a leaf tensor that requires grad (`requires_grad=True`,
    an `nn.Parameter`, a module's `.weight`/`.bias`, a loop variable over
    `model.parameters()`), or on a view of one, while autograd is recording
    (outside `torch.no_grad()`, `torch.inference_mode()`, `@torch.no_grad()` and
    `torch.set_grad_enabled(False)`).

    ## Why is this bad
    Autograd cannot record an in-place change to a leaf it must compute a gradient
    for: PyTorch raises `RuntimeError: a leaf Variable that requires grad is being
    used in an in-place operation` (or `a view of a leaf Variable ...`). A manual
    SGD step written as `p -= lr * p.grad` is the classic way to meet it.

    ## Example
    ```python
    w = torch.randn(3, requires_grad=True)
    loss = (w * 2).sum()
    loss.backward()
    w -= 0.1 * w.grad
    ```

    ## Use instead
    ```python
    with torch.no_grad():
        w -= 0.1 * w.grad
    ```

    ## Fix
    Safe for a parameter update inside a loop over parameters (the statement is
    wrapped in `with torch.no_grad():`); otherwise an unsafe fix rewrites the
    in-place op out of place (`x = x + 1`), which changes what the graph records.

    ## References
    - https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd
    - https://pytorch.org/docs/stable/generated/torch.no_grad.html
    """

    code = "TL101"
    triggers = ("requires_grad", "Parameter", "parameter", "weight", "bias")
    fixable = "sometimes"

    def on_in_place_write(self, event: InPlaceWrite) -> None:
        if event.grad_enabled is not Tri.YES:
            return
        target = event.target.value
        if _is_grad_leaf(target):
            subject = f"`{event.target.text}`"
            kind = "a parameter" if target.is_parameter else "a leaf tensor that requires grad"
            fact = target.requires_grad
            view = ""
        elif target.view_of is not None and _is_grad_leaf(target.view_of.value):
            subject = f"`{event.target.text}`"
            base = target.view_of
            kind = f"a view of `{base.text}`, " + ("a parameter" if base.value.is_parameter
                                                    else "a leaf tensor that requires grad")
            fact = base.value.requires_grad
            view = "a view of "
        else:
            return
        how = event.how

        def message(line_of) -> str:
            return (f"in-place `{how}` on {subject}, {kind}{where(fact, line_of)}: autograd raises "
                    f"RuntimeError ('{view}a leaf Variable that requires grad is being used in an in-place "
                    f"operation'); wrap it in `with torch.no_grad():` or use an out-of-place op")

        related = [(fact.origin.node, "requires grad since here")] if fact.origin is not None else []
        self.report(event.node, message, related)


def _is_grad_leaf(value: AbstractValue) -> bool:
    return value.requires_grad.value is True and value.is_leaf is Tri.YES

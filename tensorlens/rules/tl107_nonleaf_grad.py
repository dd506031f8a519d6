"""TL107 nonleaf-grad."""

from __future__ import annotations

from tensorlens.analysis.events import AttributeUse
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.values import Kind, Tri


class NonleafGrad(Rule):
    """
    ## What it does
    Flags a read of `.grad` on a tensor known not to be a leaf (the result of an op
    on tensors that require grad, a module's output, a view of a leaf, or a leaf
    copied to another device with `.cuda()`/`.to(...)`) that never called
    `retain_grad()`.

    ## Why is this bad
    Autograd fills `.grad` only on leaf tensors. On any other tensor it stays
    `None` (with a UserWarning), so code that reads it gets `None`, or crashes later
    on `None.norm()`. The common cause is `torch.randn(..., requires_grad=True).cuda()`:
    the leaf is the CPU tensor, and the variable holds its non-leaf copy.

    ## Example
    ```python
    import torch

    x = torch.randn(3, requires_grad=True)
    hidden = x * 2
    hidden.sum().backward()
    print(hidden.grad)  # None
    ```

    ## Use instead
    ```python
    import torch

    x = torch.randn(3, requires_grad=True)
    hidden = x * 2
    hidden.retain_grad()
    hidden.sum().backward()
    print(hidden.grad)
    ```

    ## Fix
    None: either `retain_grad()` before backward or reading a leaf's gradient may be meant.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.retain_grad.html
    - https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html
    """

    code = "TL107"
    triggers = ("grad",)

    def on_attribute_use(self, event: AttributeUse) -> None:
        base = event.base
        value = base.value
        if event.attr != "grad" or event.store or value.kind is not Kind.TENSOR:
            return
        if value.is_leaf is not Tri.NO or value.retains_grad:
            return
        subject = f"`{base.text}`" if base.text else "this tensor"
        origin = value.origin

        def message(line_of: LineOf) -> str:
            made = f" ({origin.how} at line {line_of(origin.node)})" if origin is not None else ""
            return (f"`.grad` of {subject} is always None: it is not a leaf tensor{made} and never called "
                    f"`retain_grad()`, and autograd fills `.grad` only on leaves; call "
                    f"`{base.text or 'x'}.retain_grad()` before backward(), or read the leaf's `.grad`")

        related = [(origin.node, "made here, with autograd history")] if origin is not None else []
        self.report(event.node, message, related)

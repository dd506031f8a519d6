"""TL102 inplace-on-saved-tensor."""

from __future__ import annotations

from tensorlens.analysis.events import SavedTensorModified
from tensorlens.analysis.rule_api import LineOf, Rule


class InplaceOnSavedTensor(Rule):
    """
    ## What it does
    Flags an in-place change (`y.mul_()`, `y += ...`, `y[i] = ...`, `out=y`, also
    under `torch.no_grad()` and through `y.detach()`) of a tensor that autograd
    saved for backward, when a `backward()` through that op follows: the output of
    `sigmoid`, `tanh`, `exp`, `softmax`, `log_softmax`, `relu`, `sqrt`, `nn.ReLU`...,
    or an input of `mul`, `div`, `matmul`, `mm`, `bmm`, `pow`, `log`, `F.linear`,
    `nn.Linear`, a convolution or an MSE loss.

    ## Why is this bad
    Backward reads the saved tensor, and it checks the tensor's version counter
    first: PyTorch raises `RuntimeError: one of the variables needed for gradient
    computation has been modified by an inplace operation` at `backward()`, far
    from the line that caused it.

    ## Example
    ```python
    import torch

    logits = torch.randn(8, 4, requires_grad=True)
    gate = torch.sigmoid(logits)
    gate.mul_(0.5)
    gate.sum().backward()
    ```

    ## Use instead
    ```python
    import torch

    logits = torch.randn(8, 4, requires_grad=True)
    gate = torch.sigmoid(logits)
    gate = gate * 0.5
    gate.sum().backward()
    ```

    ## Fix
    None: rewriting the op out of place changes which tensor later code sees.

    ## References
    - https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd
    - https://pytorch.org/docs/stable/autograd.html#in-place-correctness-checks
    """

    code = "TL102"
    # A finding needs a backward(): `.backward()` or torch.autograd.backward/grad.
    triggers = ("backward", "autograd")

    def on_saved_tensor_modified(self, event: SavedTensorModified) -> None:
        if event.hidden:
            return  # through `.data`: nothing raises (data-attribute reports the silent change)
        saved, how, target = event.saved, event.how, event.target_text
        role = "its output" if saved.role == "output" else "as an input"
        backward = f"`{event.root.text}.backward()`" if event.root.text else "the backward()"
        subject = f"`{target}`" if target else "the tensor"

        def message(line_of: LineOf) -> str:
            return (f"in-place `{how}` changes {subject}, which `{saved.by.op}` saved for backward ({role}) at "
                    f"line {line_of(saved.by.node)}; {backward} at line {line_of(event.backward)} then raises "
                    f"RuntimeError ('one of the variables needed for gradient computation has been modified by "
                    f"an inplace operation'); use an out-of-place op, or change a `.clone()` instead")

        self.report(event.node, message, [(saved.by.node, "saved for backward here"),
                                          (event.backward, "backward() raises here")])

"""TL106 data-attribute."""

from __future__ import annotations

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.describe import where
from tensorlens.analysis.events import AttributeUse, InPlaceWrite
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.values import AbstractValue, Kind, Tri


class DataAttribute(Rule):
    """
    ## What it does
    Flags a write, made through `.data`, to a tensor autograd tracks (a parameter,
    a module's `.weight`, a tensor made with `requires_grad=True`, a result computed
    from one): an in-place method (`p.data.clamp_(...)`), an augmented or slice
    assignment (`p.data -= lr * p.grad`, `p.data[0] = v`), `p.data = new` and a write
    through a name bound to `.data` (`w = p.data; w.add_(1)`). Under `torch.no_grad()`
    the write is already safe and the finding only says `.data` is redundant. Reads
    consumed at once (`p.data.clone()`, `x.data.cpu().numpy()`, `save_image(x.data)`),
    `nn.init.*_(p.data)` (nn.init writes under no_grad itself) and
    `p.data = p.data.to(dtype)` (the same values in another dtype or on another
    device) are not flagged.

    ## Why is this bad
    `.data` shares memory with the tensor but is invisible to autograd: a write
    through it skips the version counter that protects tensors saved for backward,
    so a backward that saved the old values computes wrong gradients without an
    error. It is a leftover of the pre-0.4 Variable API; `torch.no_grad()` does the
    same job and keeps the checks.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    critic = nn.Linear(4, 1)
    loss = critic(torch.randn(2, 4)).sum()
    loss.backward()
    for param in critic.parameters():
        param.data.clamp_(-0.01, 0.01)
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    critic = nn.Linear(4, 1)
    loss = critic(torch.randn(2, 4)).sum()
    loss.backward()
    with torch.no_grad():
        for param in critic.parameters():
            param.clamp_(-0.01, 0.01)
    ```

    ## Fix
    None offered: which statements belong under `torch.no_grad()` is the author's
    call, and dropping `.data` under no_grad can make a backward that relied on
    skipping the version check raise (which is then the real bug, surfaced).

    ## References
    - https://pytorch.org/docs/stable/generated/torch.no_grad.html
    - https://pytorch.org/blog/pytorch-0_4_0-migration-guide/#what-about-data
    """

    code = "TL106"
    # A finding needs a tensor (or module) the engine knows of.
    triggers = api.TENSOR_SOURCE_WORDS

    def on_in_place_write(self, event: InPlaceWrite) -> None:
        alias = event.target.value.data_of
        if alias is None or event.grad_enabled is Tri.UNKNOWN:
            return
        how, through = event.how, event.target.text or ".data"
        subject, fact = alias.text, alias.value.requires_grad
        kind = _kind(alias.value)

        if event.grad_enabled is Tri.NO:
            def message(line_of: LineOf) -> str:
                return (f"`.data` is redundant here: grad is off, so the in-place `{how}` can write to `{subject}` "
                        f"itself (the version check then still protects what backward saved)")
        else:
            def message(line_of: LineOf) -> str:
                via = f"`{through}`" if through == f"{subject}.data" else \
                    f"`{through}` (`{subject}.data` at line {line_of(alias.origin)})"
                return (f"in-place `{how}` through {via} changes `{subject}`, {kind}{where(fact, line_of)}, "
                        f"where autograd cannot see it: a backward that saved `{subject}` then computes wrong "
                        f"gradients without an error; write under `with torch.no_grad():` to `{subject}` itself")

        self.report(event.node, message, [(alias.origin, "`.data` read here")] if alias.origin is not event.node
                    else None)

    def on_attribute_use(self, event: AttributeUse) -> None:
        base = event.base
        if event.attr != "data" or not event.store or event.converts_own_data or base.value.kind is not Kind.TENSOR \
                or base.value.requires_grad.value is not True or event.grad_enabled is Tri.UNKNOWN:
            return
        value, subject = base.value, base.text or "the tensor"
        kind, fact = _kind(value), value.requires_grad

        if event.grad_enabled is Tri.NO:
            def message(line_of: LineOf) -> str:
                return (f"`.data` is redundant here: grad is off, so `{subject}.copy_(...)` writes the same values "
                        f"into `{subject}` (the version check then still protects what backward saved)")
        else:
            def message(line_of: LineOf) -> str:
                return (f"assigning `{subject}.data` swaps the values of `{subject}`, {kind}{where(fact, line_of)}, "
                        f"behind autograd's back: a backward that saved `{subject}` then computes wrong gradients "
                        f"without an error; use `with torch.no_grad(): {subject}.copy_(...)`")

        self.report(event.node, message)


def _kind(value: AbstractValue) -> str:
    return "a parameter" if value.is_parameter else "a tensor that requires grad"

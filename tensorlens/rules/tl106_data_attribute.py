"""TL106 data-attribute."""

from __future__ import annotations

from typing import Callable

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.describe import where
from tensorlens.analysis.events import AttributeUse, InPlaceWrite
from tensorlens.analysis.rule_api import Edit, FixProposal, LineOf, Report, Rule
from tensorlens.analysis.values import Kind


class DataAttribute(Rule):
    """
    ## What it does
    Flags `.data` on a tensor known to require grad (a parameter, a module's
    `.weight`, a tensor made with `requires_grad=True`, a result computed from
    one), whether read (`snapshot = w.data`), written (`w.data = ...`) or written
    through (`w.data.clamp_(...)`).

    ## Why is this bad
    `.data` is a tensor that shares memory with the original but is invisible to
    autograd: changes through it skip the version check that protects saved
    tensors, so gradients can be silently wrong, and a "snapshot" taken through it
    changes when the parameter does. It is a leftover of the pre-0.4 Variable API.

    ## Example
    ```python
    import torch.nn as nn

    critic = nn.Linear(4, 1)
    for param in critic.parameters():
        param.data.clamp_(-0.01, 0.01)
    snapshot = critic.weight.data
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    critic = nn.Linear(4, 1)
    with torch.no_grad():
        for param in critic.parameters():
            param.clamp_(-0.01, 0.01)
    snapshot = critic.weight.detach().clone()
    ```

    ## Fix
    Unsafe: a read becomes `.detach()` (same memory, still tracked by the version
    counter, so code that relied on skipping the check now raises). A write to or
    through `.data` gets no fix: it belongs under `torch.no_grad()` without `.data`,
    and which statements to move there is the author's call.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.detach.html
    - https://pytorch.org/blog/pytorch-0_4_0-migration-guide/#what-about-data
    """

    code = "TL106"
    # A finding needs a tensor (or module) the engine knows of.
    triggers = api.TENSOR_SOURCE_WORDS
    fixable = "sometimes"

    def __init__(self, sink: Callable[[Report], None]):
        super().__init__(sink)
        # Fixes proposed for `.data` reads, by node, until a write through the same node withdraws them.
        self._reads: dict[int, FixProposal] = {}

    def on_attribute_use(self, event: AttributeUse) -> None:
        base = event.base
        if event.attr != "data" or base.value.kind is not Kind.TENSOR or base.value.requires_grad.value is not True:
            return
        value = base.value
        kind = "a parameter" if value.is_parameter else "a tensor that requires grad"
        fact = value.requires_grad
        subject = f"`{base.text}`" if base.text else "the tensor"
        store = event.store

        name = base.text or "x"

        def message(line_of: LineOf) -> str:
            if store:
                return (f"assigning `.data` swaps the data of {subject}, {kind}{where(fact, line_of)}, behind "
                        f"autograd's back; use `with torch.no_grad(): {name}.copy_(...)`")
            return (f"`.data` gives a tensor that shares memory with {subject}, {kind}{where(fact, line_of)}, "
                    f"but that autograd does not track: writes through it skip the checks that protect saved "
                    f"tensors; use `{name}.detach()` to read, or write under `with torch.no_grad():`")

        fix = None
        if not store:
            fix = FixProposal("read through `.detach()`", False, [Edit(event.name_node, "detach()")])
            self._reads[id(event.node)] = fix
        self.report(event.node, message, fix=fix)

    def on_in_place_write(self, event: InPlaceWrite) -> None:
        # `p.data.clamp_()`, `p.data += 1`, `p.data[0] = v`: the `.data` read above is a write's
        # receiver, where `.detach()` would change what is written (and raise if it was saved).
        fix = self._reads.pop(id(event.target.node), None)
        if fix is not None:
            fix.edits.clear()

"""TL113 graph-break."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.events import Call, Operand
from tensorlens.analysis.rule_api import LineOf, Report, Rule
from tensorlens.analysis.values import Detached, Kind, Tri


class GraphBreak(Rule):
    """
    ## What it does
    Flags a tensor rebuilt as a new leaf from the data of a tensor autograd was
    tracking, when `backward()` then starts from it (or from what is computed of it
    alone): `torch.tensor(loss.item(), requires_grad=True)`,
    `Variable(loss, requires_grad=True)`, `Variable(out.data, requires_grad=True)`,
    `torch.tensor([criterion(o, t) for o in outputs], requires_grad=True)`, a
    `.detach()` / `.numpy()` / `.item()` round trip followed by `requires_grad=True`
    or `.requires_grad_()`. Detached targets, logging and `.item()` for printing are
    not flagged: only a rebuilt leaf that `backward()` runs from is.

    ## Why is this bad
    The new leaf has no history: `backward()` computes a gradient for it alone and
    none for the model's parameters, so `optimizer.step()` changes nothing (or only
    applies weight decay and momentum) and the loss never decreases, without an
    error. Adding `requires_grad=True` is what silenced the "element 0 of tensors
    does not require grad" error the first version raised
    (https://github.com/danieltan07/dagmm/issues/4).

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(8, 4), torch.randn(8, 1)
    losses = [nn.functional.mse_loss(model(x[i:i + 4]), y[i:i + 4]) for i in (0, 4)]
    loss = torch.tensor(losses, requires_grad=True).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(8, 4), torch.randn(8, 1)
    losses = [nn.functional.mse_loss(model(x[i:i + 4]), y[i:i + 4]) for i in (0, 4)]
    loss = torch.stack(losses).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    ```

    ## Fix
    None: the repair depends on the data's path (`torch.stack` for a list of
    losses, the tensor itself instead of `.item()`, torch ops instead of a NumPy
    round trip).

    ## References
    - https://pytorch.org/docs/stable/notes/autograd.html
    - https://pytorch.org/docs/stable/generated/torch.tensor.html (it "always copies data" and has no history)
    """

    code = "TL113"
    triggers = ("backward",)

    def __init__(self, sink: Callable[[Report], None]):
        super().__init__(sink)
        self._reported: set[int] = set()
        self._optimized: set[int] = set()  # rebuilt leaves handed to an optimizer

    def on_call(self, event: Call) -> None:
        if event.result.kind is Kind.OPTIMIZER:
            self._note_optimized(event)
            return
        if event.method in api.BACKWARD_METHODS and event.receiver is not None:
            self._check(event, event.receiver)
        elif event.qualified == "torch.autograd.backward" and event.args:
            self._check(event, event.args[0])

    def _check(self, backward: Call, root: Operand) -> None:
        if root.value.requires_grad_tri is not Tri.YES:
            return
        for detached in root.value.detached:
            if detached.rebuilt is not None and id(detached.rebuilt) not in self._reported \
                    and id(detached.rebuilt) not in self._optimized:
                self._reported.add(id(detached.rebuilt))
                self._report(backward, root, detached, detached.rebuilt)

    def _note_optimized(self, construction: Call) -> None:
        """A leaf handed to an optimizer is meant to be trained itself (an input or a latent being optimized)."""
        for operand in (*construction.args, *(o for _, o in construction.keywords)):
            value = operand.value
            for held in (value, *(value.elements or ()), *([value.source] if value.source is not None else [])):
                self._optimized.update(id(d.rebuilt) for d in held.detached if d.rebuilt is not None)

    def _report(self, backward: Call, root: Operand, detached: Detached, rebuilt: cst.CSTNode) -> None:
        read, text, start = detached.read, detached.text, root.text

        def message(line_of: LineOf) -> str:
            where = "" if read is rebuilt else f" (line {line_of(read)})"
            return (f"a new leaf tensor is built of `{text}`{where} with requires_grad=True, and `{start}.backward()` "
                    f"(line {line_of(backward.node)}) starts from it: the autograd history of the data it copies is "
                    f"cut, so no gradient reaches the model's parameters and optimizer.step() does not train them; "
                    f"keep the tensor itself (torch.stack for a list of losses) instead of rebuilding it")

        related = [(backward.node, "backward() reaches only the new leaf")]
        if read is not rebuilt:
            related.append((read, "the history is dropped here"))
        self.report(rebuilt, message, related)


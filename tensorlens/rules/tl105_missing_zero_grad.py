"""TL105 missing-zero-grad."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.events import Call, LoopAnalyzed, Operand
from tensorlens.analysis.rule_api import LineOf, Rule
from tensorlens.analysis.values import Kind, Tri


class MissingZeroGrad(Rule):
    """
    ## What it does
    Flags `optimizer.step()` in a loop that calls `backward()` and steps a known
    `torch.optim` optimizer but never clears gradients: no `optimizer.zero_grad()`,
    `model.zero_grad()` (or `torch.optim.Optimizer.zero_grad(opt)`), `p.grad = None`,
    `setattr(p, "grad", None)` and no in-place write to a `.grad` (`p.grad.zero_()`,
    `p.grad *= 0`, `p.grad[:] = 0`) anywhere in the loop (nested loops included).
    A loop that hands the model or optimizer to a helper the engine cannot see
    into is not flagged.

    ## Why is this bad
    `backward()` adds into `.grad`; it never overwrites it. Without zeroing, every
    step uses the sum of all gradients so far: the effective learning rate grows
    each step and training diverges or stalls, with no error.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()
    loader = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    for x, y in loader:
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()
    loader = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Fix
    None: where gradients should be cleared (every step, or every N steps when
    accumulating on purpose) is the author's choice.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html
    - https://pytorch.org/tutorials/recipes/recipes/zeroing_out_gradients.html
    """

    code = "TL105"
    # A finding needs an optimizer the engine knows: one made from torch.optim.
    triggers = ("optim",)

    def on_loop_analyzed(self, event: LoopAnalyzed) -> None:
        if event.zeroes_grads is Tri.UNKNOWN:
            return
        if event.zeroes_grads is Tri.YES and event.cleared_optimizers is None:
            return
        cleared = event.cleared_optimizers or frozenset()
        backward = next((call for call in event.calls if call.method in api.BACKWARD_METHODS
                         or call.qualified == "torch.autograd.backward"), None)
        if backward is None:
            return
        for call in event.calls:
            stepped = _stepped_optimizer(call)
            if stepped is None:
                continue
            optimizer = stepped.text
            origin = stepped.value.origin
            if event.zeroes_grads is Tri.YES and (origin is None or origin.node in cleared):
                continue  # zeroed, or the loop zeroes some optimizer and this one may be it
            loop = event.node
            others = "" if event.zeroes_grads is Tri.NO else " (it zeroes another optimizer's, not this one's)"

            def message(line_of: LineOf, optimizer: str = optimizer, backward: Call = backward,
                        others: str = others, loop: cst.CSTNode = loop) -> str:
                return (f"`{optimizer}.step()` runs in a loop (line {line_of(loop)}) that calls backward() at line "
                        f"{line_of(backward.node)} but never zeroes its gradients{others}: backward() adds into "
                        f"`.grad`, so each step applies the sum of every earlier step's gradients; call "
                        f"`{optimizer}.zero_grad()` once per iteration")

            self.report(call.node, message, [(backward.node, "gradients accumulate here"),
                                             (loop, "no zero_grad() in this loop")])


def _stepped_optimizer(call: Call) -> Optional[Operand]:
    """The optimizer a call steps: ``opt.step()``, or ``scaler.step(opt)`` (AMP); None otherwise."""
    if call.method != api.OPTIMIZER_STEP or call.receiver is None:
        return None
    if call.receiver.value.kind is Kind.OPTIMIZER:
        # An optimizer stepped with a closure (LBFGS) zeroes inside the closure.
        return None if call.args or call.keywords else call.receiver
    if call.args and call.args[0].value.kind is Kind.OPTIMIZER:
        return call.args[0]
    return None

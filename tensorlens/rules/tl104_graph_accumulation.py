"""TL104 graph-accumulation."""

from __future__ import annotations

import re
from collections.abc import Callable

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.describe import where
from tensorlens.analysis.events import Accumulation, Call, LoopAnalyzed
from tensorlens.analysis.rule_api import FixProposal, LineOf, Report, Rule
from tensorlens.analysis.values import Tri
from tensorlens.rules.rewrites import append_call


class GraphAccumulation(Rule):
    """
    ## What it does
    Flags `total += loss` (or `total = total + loss`) in a training loop, one that
    calls `backward()`, when `loss` carries autograd history and `total` lives across
    iterations, unless `total` itself is backpropagated. `loss.item()`,
    `loss.detach()`, `float(loss)` and accumulation under `torch.no_grad()` are fine.

    ## Why is this bad
    `total` becomes a tensor whose history links to every iteration's graph, so
    none of them can be freed: memory grows with every step, and the script slows
    down or runs out of memory hours in. The running number is all that was wanted.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()
    loader = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    running_loss = 0.0
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()
        running_loss += loss
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()
    loader = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    running_loss = 0.0
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    ```

    ## Fix
    Safe: `loss` becomes `loss.item()` (a Python number, what a running total is for)
    when it is known to be a 0-dim tensor (a loss, a `.mean()`); otherwise
    `loss.detach()`, which keeps the total a tensor of the same values without the
    graph. An added expression gets parentheses: `(a * 2).item()`.

    ## References
    - https://pytorch.org/docs/stable/notes/faq.html#my-model-reports-cuda-runtime-error-2-out-of-memory
    """

    code = "TL104"
    # A finding needs a tensor (or module) the engine knows of.
    triggers = api.TENSOR_SOURCE_WORDS
    fixable = "always"

    def __init__(self, sink: Callable[[Report], None]):
        super().__init__(sink)
        self._pending: dict[int, list[Accumulation]] = {}

    def on_accumulation(self, event: Accumulation) -> None:
        value, target = event.value.value, event.target.value
        if not event.carried or event.grad_enabled is not Tri.YES or not event.target.text:
            return
        if value.requires_grad.value is not True or value.has_grad_fn is not Tri.YES:
            return
        if target.requires_grad.value is True and target.is_leaf is Tri.YES:
            return  # an in-place op on a leaf that requires grad: TL101's finding
        self._pending.setdefault(id(event.loop), []).append(event)

    def on_loop_analyzed(self, event: LoopAnalyzed) -> None:
        pending = self._pending.pop(id(event.node), ())
        if not pending:
            return
        backwards = [call for call in event.calls if _is_backward(call)]
        if not backwards:
            return  # not a training loop: summing a loss over heads or chunks is how losses are built
        roots = [root for call in backwards for root in _roots(call)]
        if not all(roots):
            return  # a backward from an expression the engine cannot name: maybe the total
        for accumulation in pending:
            name = re.compile(rf"(?<![\w.]){re.escape(accumulation.target.text)}(?![\w])")
            if not any(name.search(root) for root in roots):
                self._report(accumulation, event.node)

    def _report(self, event: Accumulation, loop: cst.CSTNode) -> None:
        target, value = event.target.text, event.value
        symbol = "+=" if isinstance(event.node, cst.AugAssign) else "+"
        subject = f"`{value.text}`" if value.text else "the added tensor"
        history = value.value.requires_grad

        def message(line_of: LineOf) -> str:
            return (f"`{symbol}` into `{target}` keeps every iteration's autograd graph alive: {subject} carries "
                    f"history{where(history, line_of)} and `{target}` lives across iterations of the loop at "
                    f"line {line_of(loop)}; add `{value.text or 'loss'}.item()` (a number) or `.detach()` instead")

        call = ".item()" if value.value.is_scalar is Tri.YES else ".detach()"
        fix = FixProposal(f"accumulate `{value.text or 'the value'}{call}`", True, append_call(value.node, call)) \
            if isinstance(value.node, cst.BaseExpression) else None
        self.report(event.node, message, [(loop, "the loop the graphs pile up in")], fix)


def _is_backward(call: Call) -> bool:
    return call.method in api.BACKWARD_METHODS or call.qualified in api.BACKWARD_CALLS


def _roots(call: Call) -> list[str]:
    """Texts of what a backward call may start from: its receiver and its first argument."""
    roots = [call.receiver.text] if call.receiver is not None else []
    if call.args:
        roots.append(call.args[0].text)
    return roots

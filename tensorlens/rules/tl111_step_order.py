"""TL111 step-order."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.events import AttributeUse, Call, LoopAnalyzed, Operand, StepOnClearedGradients
from tensorlens.analysis.rule_api import LineOf, Report, Rule
from tensorlens.analysis.training_steps import optimizer_key
from tensorlens.analysis.values import Kind

ANY_OPTIMIZER = "*"


class StepOrder(Rule):
    """
    ## What it does
    Flags training steps run in an order that silently skips learning:

    - `optimizer.step()` while the gradients are cleared: `optimizer.zero_grad()` ran
      after `backward()` and before the step (or, in a loop, before any backward() of
      the iteration), on every path;
    - `scheduler.step()` of a `torch.optim.lr_scheduler` schedule (not
      `ReduceLROnPlateau`) that runs, in a loop's iteration, before the
      `optimizer.step()` of its optimizer in that iteration, e.g. at the top of the
      epoch loop or of the function that trains one epoch;
    - `backward()` in a loop that calls `optimizer.zero_grad()` but never
      `optimizer.step()` for that optimizer: its parameters never change.

    Gradient accumulation (backward() every iteration, step() and zero_grad() every
    k-th) is correct and not flagged. A loop that hands the optimizer to a function
    the engine cannot see into is not flagged.

    ## Why is this bad
    Nothing raises. A step on cleared gradients moves no parameter (or only by
    momentum and weight decay); a scheduler stepped first skips the first learning
    rate of its schedule every run (PyTorch 1.1 changed the order and only warns
    once); an optimizer that never steps leaves its model untrained, e.g. a GAN
    discriminator whose loss is computed and back-propagated for nothing
    (https://github.com/zhaoyuzhi/deepfillv2/issues/6,
    https://github.com/soapisnotfat/pytorch-cifar10/issues/10).

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
    x = torch.randn(8, 4)
    for epoch in range(3):
        scheduler.step()
        loss = model(x).pow(2).mean()
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
    x = torch.randn(8, 4)
    for epoch in range(3):
        optimizer.zero_grad()
        loss = model(x).pow(2).mean()
        loss.backward()
        optimizer.step()
        scheduler.step()
    ```

    ## Fix
    None: where the call belongs (which statement, which loop) is the author's
    choice, and moving it changes every later step.

    ## References
    - https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate
    - https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html
    """

    code = "TL111"
    triggers = ("step",)

    def __init__(self, sink: Callable[[Report], None]):
        super().__init__(sink)
        self._reported: set[int] = set()
        # Event order, to tell which `.grad` reads happen within a loop's calls: by call node, and the reads.
        self._seen = 0
        self._call_order: dict[int, int] = {}
        self._grad_reads: list[int] = []

    def on_call(self, event: Call) -> None:
        self._seen += 1
        self._call_order.setdefault(id(event.node), self._seen)

    def on_attribute_use(self, event: AttributeUse) -> None:
        if event.attr == "grad" and not event.store:
            self._seen += 1
            self._grad_reads.append(self._seen)

    def on_step_on_cleared_gradients(self, event: StepOnClearedGradients) -> None:
        if not self._first(event.node):
            return
        optimizer, cleared, backward = event.optimizer.text, event.cleared, event.backward
        if backward is not None:
            def message(line_of: LineOf) -> str:
                return (f"`{optimizer}.step()` runs on gradients that `{optimizer}.zero_grad()` (line "
                        f"{line_of(cleared)}) cleared after the backward() at line {line_of(backward)}: the "
                        f"step moves no parameter by its gradient; call zero_grad() before backward() (or after "
                        f"step())")

            self.report(event.node, message, [(cleared, "gradients cleared here"),
                                              (backward, "gradients computed here")])
            return

        def message_before(line_of: LineOf) -> str:
            return (f"`{optimizer}.step()` runs right after `{optimizer}.zero_grad()` (line {line_of(cleared)}) "
                    f"with no backward() in between: every iteration steps on cleared gradients and the "
                    f"backward() that follows is thrown away by the next zero_grad(); call step() after "
                    f"backward()")

        self.report(event.node, message_before, [(cleared, "gradients cleared here")])

    def on_loop_analyzed(self, event: LoopAnalyzed) -> None:
        self._scheduler_before_step(event)
        self._optimizer_never_steps(event)

    def _scheduler_before_step(self, event: LoopAnalyzed) -> None:
        stepped: set[Hashable] = set()
        calls = event.calls
        for index, call in enumerate(calls):
            optimizer = _stepped_optimizer(call)
            if optimizer is not None:
                stepped.add(optimizer_key(optimizer.value) or ANY_OPTIMIZER)
                continue
            scheduler = _stepped_scheduler(call)
            if scheduler is None:
                continue
            schedules = scheduler.value.source
            key = optimizer_key(schedules) if schedules is not None else None
            if key in stepped or ANY_OPTIMIZER in stepped or (key is None and stepped):
                continue
            later = next((c for c in calls[index + 1:] if _steps(c, key)), None)
            if later is None or not self._first(call.node):
                continue
            name, loop, step = scheduler.text, event.node, later

            def message(line_of: LineOf, name: str = name, step: Call = step, loop: cst.CSTNode = loop) -> str:
                return (f"`{name}.step()` runs before `{_receiver_text(step)}.step()` (line {line_of(step.node)}) "
                        f"in the same iteration of the loop at line {line_of(loop)}: since PyTorch 1.1 the "
                        f"scheduler must step after the optimizer, else the first learning rate of the schedule is "
                        f"skipped; move it after the optimizer's step (to the end of the epoch)")

            self.report(call.node, message, [(step.node, "the optimizer steps here")])

    def _optimizer_never_steps(self, event: LoopAnalyzed) -> None:
        calls = event.calls
        cleared: dict[Hashable, int] = {}
        for index, call in enumerate(calls):
            if call.method in api.GRAD_CLEARING_METHODS and call.receiver is not None \
                    and call.receiver.value.kind is Kind.OPTIMIZER:
                key = optimizer_key(call.receiver.value)
                if key is not None:
                    cleared.setdefault(key, index)
        # A loop that reads `.grad` uses the gradients itself (Fisher information, gradient norms, saliency).
        start = min((self._call_order.get(id(call.node), self._seen) for call in calls), default=self._seen)
        if any(read >= start for read in self._grad_reads):
            return
        for key, first in cleared.items():
            if any(_steps(call, key) or _hands_away(call, key) for call in calls):
                continue
            backward = next((c for c in calls[first + 1:] if c.method in api.BACKWARD_METHODS
                             or c.qualified == "torch.autograd.backward"), None)
            if backward is None or not self._first(backward.node):
                continue
            zero = calls[first]
            optimizer, loop = _receiver_text(zero), event.node

            def message(line_of: LineOf, optimizer: str = optimizer, zero: Call = zero,
                        loop: cst.CSTNode = loop) -> str:
                return (f"backward() computes gradients for `{optimizer}` (zeroed at line {line_of(zero.node)}), "
                        f"but the loop at line {line_of(loop)} never calls `{optimizer}.step()`: its parameters "
                        f"never change; call `{optimizer}.step()` after this backward()")

            self.report(backward.node, message, [(zero.node, "gradients zeroed here"),
                                                 (loop, "no step() of this optimizer in this loop")])

    def _first(self, node: cst.CSTNode) -> bool:
        """Report a node once, whichever loop (or walk of a function) shows it first."""
        if id(node) in self._reported:
            return False
        self._reported.add(id(node))
        return True


def _stepped_optimizer(call: Call) -> Optional[Operand]:
    """The optimizer a call steps: ``opt.step()`` (a closure too), ``scaler.step(opt)``; None otherwise."""
    if call.method != api.OPTIMIZER_STEP or call.receiver is None:
        return None
    if call.receiver.value.kind is Kind.OPTIMIZER:
        return call.receiver
    if call.args and call.args[0].value.kind is Kind.OPTIMIZER:
        return call.args[0]
    return None


def _stepped_scheduler(call: Call) -> Optional[Operand]:
    """The scheduler of a ``scheduler.step()`` call, else None."""
    if call.method == api.OPTIMIZER_STEP and call.receiver is not None \
            and call.receiver.value.kind is Kind.SCHEDULER:
        return call.receiver
    return None


def _steps(call: Call, key: Optional[Hashable]) -> bool:
    """Does ``call`` step the optimizer created at ``key`` (any optimizer, when None or unknown)?"""
    if call.method == api.OPTIMIZER_STEP and call.receiver is not None \
            and call.receiver.value.kind not in (Kind.OPTIMIZER, Kind.SCHEDULER) and not call.args:
        return True  # a step on something the engine does not know may be this optimizer's
    optimizer = _stepped_optimizer(call)
    if optimizer is None:
        return False
    stepped = optimizer_key(optimizer.value)
    return key is None or stepped is None or stepped == key


def _hands_away(call: Call, key: Hashable) -> bool:
    """Does ``call`` pass the optimizer created at ``key`` to code the engine did not follow?"""
    if call.followed:
        return False
    operands = [*call.args, *(operand for _, operand in call.keywords)]
    return any(o.value.kind is Kind.OPTIMIZER and optimizer_key(o.value) in (key, None) for o in operands)


def _receiver_text(call: Call) -> str:
    optimizer = _stepped_optimizer(call)
    if optimizer is not None:
        return optimizer.text
    return call.receiver.text if call.receiver is not None else "optimizer"

"""TL112 eval-mode."""

from __future__ import annotations

from collections.abc import Callable

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.events import Call, LoopAnalyzed, ModuleCalled
from tensorlens.analysis.rule_api import LineOf, Report, Rule
from tensorlens.analysis.values import AbstractValue, Kind, Tri

# Reading a number out of a tensor: what an evaluation loop does with the outputs (losses, accuracy).
METRIC_METHODS = frozenset({"item"})


class EvalMode(Rule):
    """
    ## What it does
    Flags a call of a model that holds Dropout or BatchNorm layers (known from its
    class, an `nn.Sequential` or the layer itself) while the model is certainly in
    training mode, where the code evaluates it:

    - under `torch.no_grad()` / `torch.inference_mode()` (or in a function that
      runs only there);
    - in a loop that computes metrics (`.item()`) and never calls `backward()`,
      `optimizer.step()` or `zero_grad()`.

    The model is in training mode when it was created in the same walk (modules
    start in training mode) or switched with `model.train()`, and no
    `model.eval()` / `model.train(False)` ran on any path since; and the code trains
    it (it called `model.train()` or handed its parameters to an optimizer): a model
    only created and run, as in a unit test or a shape probe, is not flagged.

    ## Why is this bad
    In training mode Dropout zeroes random activations and BatchNorm normalizes
    with the batch's own statistics (and updates its running statistics with the
    evaluation data). Validation loss and accuracy come out noisy and worse than
    the model really is, differ between two runs on the same data, and model
    selection or early stopping acts on them, without an error
    (https://github.com/milesial/Pytorch-UNet/issues/31,
    https://github.com/fxia22/pointnet.pytorch/pull/19).

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    for x, y in batches:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    with torch.no_grad():
        for x, y in batches:
            print(nn.functional.mse_loss(model(x), y).item())
    ```

    ## Use instead
    ```python
    import torch
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
    for x, y in batches:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        for x, y in batches:
            print(nn.functional.mse_loss(model(x), y).item())
    model.train()
    ```

    ## Fix
    None: where `model.eval()` and the `model.train()` that undoes it belong
    depends on the training loop around the evaluation. Monte Carlo dropout, which
    keeps dropout on at inference on purpose, enables it after `model.eval()`
    (`m.train()` on the dropout layers only) and is not flagged.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval
    - https://pytorch.org/docs/stable/notes/autograd.html#locally-disable-grad-doc
    """

    code = "TL112"
    triggers = ("Dropout", "BatchNorm", "dropout", "batchnorm")

    def __init__(self, sink: Callable[[Report], None]):
        super().__init__(sink)
        self._reported: set[int] = set()
        self._in_loops: dict[int, ModuleCalled] = {}  # training-mode calls waiting for their loop's calls
        self._trained: set[int] = set()  # modules (by where they were created) whose parameters an optimizer holds

    def on_call(self, event: Call) -> None:
        if event.result.kind is not Kind.OPTIMIZER:
            return
        for operand in (*event.args, *(o for _, o in event.keywords)):
            for value in (operand.value, *(operand.value.elements or ())):
                module = value.source if value.kind is Kind.PARAMETERS else None
                if module is not None and module.origin is not None:
                    self._trained.add(id(module.origin.node))

    def on_module_called(self, event: ModuleCalled) -> None:
        module = event.module.value
        if module.mode_dependent is not Tri.YES or module.mode.value != "train" or not self._is_trained(module):
            return
        if event.grad_enabled is Tri.NO:
            self._report(event, "under no_grad()")
        elif event.in_loop:
            self._in_loops.setdefault(id(event.node), event)

    def on_loop_analyzed(self, event: LoopAnalyzed) -> None:
        nodes = {id(call.node) for call in event.calls}
        waiting = [call for key, call in self._in_loops.items() if key in nodes]
        if not waiting:
            return
        for call in waiting:
            del self._in_loops[id(call.node)]  # decided by its innermost loop
        trains = any(call.method in api.BACKWARD_METHODS or call.method in api.GRAD_CLEARING_METHODS
                     or call.method == api.OPTIMIZER_STEP or call.qualified in api.BACKWARD_CALLS
                     for call in event.calls)
        measures = any(call.method in METRIC_METHODS for call in event.calls)
        if trains or not measures:
            return
        for call in waiting:
            self._report(call, "in a loop that computes metrics and never calls backward()")

    def _is_trained(self, module: AbstractValue) -> bool:
        """A model this code trains: switched with train(), or handed to an optimizer. A model only created and
        run (a unit test, a shape probe) is not being evaluated."""
        origin = module.mode.origin
        if origin is not None and origin.how == "train()":
            return True
        return module.origin is not None and id(module.origin.node) in self._trained

    def _report(self, event: ModuleCalled, where: str) -> None:
        if id(event.node) in self._reported:
            return
        self._reported.add(id(event.node))
        module = event.module.text or "the model"
        mode = event.module.value.mode
        origin = mode.origin

        def message(line_of: LineOf) -> str:
            if origin is None:
                since = ""
            elif origin.how == "created":
                since = f" (created at line {line_of(origin.node)}: modules start in training mode)"
            else:
                since = f" (`{origin.how}` at line {line_of(origin.node)})"
            return (f"`{module}` is evaluated {where} while in training mode{since}: its Dropout drops activations "
                    f"and its BatchNorm uses (and updates) batch statistics, so the outputs and metrics are wrong; "
                    f"call `{module}.eval()` before evaluating and `{module}.train()` before training again")

        related = [(origin.node, "training mode set here")] if origin is not None else []
        self.report(event.node, message, related)

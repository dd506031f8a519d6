"""Which optimizer steps the monitor watches, so a sanitized run costs little more than a plain one.

A ``TorchFunctionMode`` on the stack costs every torch call a trip through
Python: an empty one alone makes a small MLP's training step 1.55x slower. So
the monitor is on the mode stack only for the steps it checks, and off it in
between (popped and pushed back at optimizer step boundaries, seen through
PyTorch's global ``register_optimizer_step_post_hook``):

- every op of the first ``full_steps`` optimizer steps, and everything before
  the first step (model construction, data loading, the first forward);
- then ``window`` consecutive steps out of every ``every`` (two, so TL104's
  "the same expression adds onto last step's result" can be seen);
- the step after each ``Module.train()``/``eval()`` switch, so an evaluation
  pass and the first step back in training are always checked;
- a program that never calls ``optimizer.step()`` is checked throughout.

What it can miss, by design: a pitfall that happens only in unchecked steps
(a branch taken at step 5,000; a numpy array written in one unchecked step and
read in another), and the origins of tensors created in unchecked steps
(reported as "origin not seen"). A pitfall that happens every step is seen in
the first one. ``--every-step`` checks every op of every step.

The monitor is taken off the stack only when it is on top: a mode the
program entered above it (``with torch.device(...)``) keeps it on until that
mode is gone, rather than being reordered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import torch
from torch.optim.optimizer import register_optimizer_step_post_hook

DEFAULT_FULL_STEPS = 10
DEFAULT_EVERY = 20
DEFAULT_WINDOW = 2


class StepSampler:
    """Puts ``mode`` on the torch-function mode stack for the steps it checks."""

    def __init__(self, mode: Any, full_steps: int | None = DEFAULT_FULL_STEPS, every: int = DEFAULT_EVERY,
                 window: int = DEFAULT_WINDOW) -> None:
        self._mode = mode
        self.full_steps = full_steps  # None: every step is checked
        self.every = max(every, window)
        self.window = window
        self.steps = 0  # optimizer steps completed
        self.checked_steps = 0  # of those, steps that ran with the monitor on
        self._boost = 0  # steps to check after a train()/eval() switch
        self._active = False
        self.whole_step_watched = False  # the monitor has been on since the last optimizer step ended
        self._undo: list[Callable[[], None]] = []
        # The mode stack is per thread: only steps taken in the thread that started
        # the monitor move it (another thread's optimizer leaves it alone).
        self._thread = threading.get_ident()

    @property
    def sampling(self) -> bool:
        """Whether some steps go unchecked (False with ``--every-step``)."""
        return self.full_steps is not None

    def start(self) -> None:
        """Put the monitor on the stack and follow the program's optimizer steps."""
        self._push()
        self.whole_step_watched = True
        if not self.sampling:
            return
        handle = register_optimizer_step_post_hook(self._after_step)
        self._undo.append(handle.remove)
        # typed Any: the patch replaces a method of torch's class for the run
        module_class: Any = torch.nn.Module
        original_train = module_class.train

        def train(module: Any, mode: bool = True) -> Any:
            if module.training != mode:
                self._phase_changed()
            return original_train(module, mode)

        module_class.train = train  # restored by stop()
        self._undo.append(lambda: setattr(module_class, "train", original_train))

    def stop(self) -> None:
        """Take the monitor off the stack (if on) and remove the hooks."""
        while self._undo:
            self._undo.pop()()
        if self._active:
            self._pop()

    def checks(self, step: int) -> bool:
        """Whether step ``step`` (0-based) runs with the monitor on."""
        if self.full_steps is None or step < self.full_steps:
            return True
        return (step - self.full_steps) % self.every < self.window

    def coverage(self) -> str:
        """``checked 38 of 200 optimizer steps ...``, for the end-of-run summary ('' without steps)."""
        if not self.sampling or self.steps == 0 or self.checked_steps == self.steps:
            return ""
        return (f"checked every op of {self.checked_steps} of {self.steps} optimizer steps (the first "
                f"{self.full_steps}, then {self.window} of every {self.every}; --every-step checks all)")

    # -- hooks ------------------------------------------------------------------

    def _after_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        if threading.get_ident() != self._thread:
            return
        if self._active:
            self.checked_steps += 1
        self.steps += 1
        if self._boost:
            self._boost -= 1
        self._switch(self._boost > 0 or self.checks(self.steps))
        self.whole_step_watched = self._active

    def _phase_changed(self) -> None:
        if threading.get_ident() != self._thread:
            return
        # the rest of this step (an evaluation pass) and the next one are checked
        self._boost = max(self._boost, 2)
        self._switch(True)

    def _switch(self, on: bool) -> None:
        if on and not self._active:
            self._push()
        elif not on and self._active:
            self._pop()

    def _push(self) -> None:
        torch._C._push_on_torch_function_stack(self._mode)
        self._active = True

    def _pop(self) -> None:
        depth = torch._C._len_torch_function_stack()
        if depth and torch._C._get_function_stack_at(depth - 1) is self._mode:
            torch._C._pop_torch_function_stack()
            self._active = False
            self.whole_step_watched = False

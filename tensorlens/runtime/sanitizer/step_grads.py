"""TL111/TL113 at run time: an ``optimizer.step()`` that finds no gradient at all.

When every parameter of an optimizer that requires grad has ``.grad is None``
at ``step()``, the step changes nothing. Which bug it is depends on what ran
since that optimizer's last step:

- ``zero_grad()`` (optimizer's or module's) after the last ``backward()``:
  TL111, gradients cleared between backward and step;
- a ``backward()`` and no clearing: TL113, the backward reached none of the
  optimizer's parameters (the loss or the output was rebuilt as a new leaf:
  ``torch.tensor(loss.item(), requires_grad=True)``, ``Variable(out.data)``);
- no ``backward()`` at all: TL111, step before backward.

Backward calls are seen by the monitor, so a step is judged only when the
monitor watched all of it (the sampler says so). A step given a closure
(LBFGS) computes its gradients inside and is never judged. To stay clear of
a one-off ``optimizer.step()`` (a warm-up call made to quiet the scheduler
warning), a site is reported the second time it happens.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from tensorlens.runtime.sanitizer.state import RunState

_REPEATS_BEFORE_REPORT = 2


class StepGradCheck:
    """Orders backward, zero_grad and step events; judges steps that find every gradient None."""

    def __init__(self, state: RunState, whole_step_watched: Callable[[], bool]) -> None:
        self._state = state
        self._whole_step_watched = whole_step_watched
        self._clock = 0
        self._last_backward: tuple[int, str, int] = (0, "", 0)  # (clock, file, line)
        self._last_zero_grad: tuple[int, str, int] = (0, "", 0)
        self._last_step: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        self._repeats: dict[tuple[str, str, int], int] = {}

    def clock(self) -> int:
        """Counts training events (backward, zero_grad, step): unchanged means none happened."""
        return self._clock

    def _tick(self) -> int:
        self._clock += 1
        return self._clock

    def _event(self) -> tuple[int, str, int]:
        frame = self._state.frames.find()
        if frame is None:
            return self._tick(), "", 0
        return self._tick(), frame.f_code.co_filename, frame.f_lineno

    def backward_ran(self) -> None:
        """The monitor saw a backward (``loss.backward()``, ``torch.autograd.backward``)."""
        self._last_backward = self._event()

    def gradients_cleared(self) -> None:
        """``Optimizer.zero_grad`` or ``Module.zero_grad`` ran."""
        self._last_zero_grad = self._event()

    def before_step(self, optimizer: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """``register_optimizer_step_pre_hook``: judge the step about to run."""
        since = self._last_step.get(optimizer, 0)
        try:
            self._last_step[optimizer] = self._tick()
        except TypeError:  # an optimizer that cannot be weakly referenced: not judged
            return
        closure = args[1] if len(args) > 1 else kwargs.get("closure")  # args[0] is the optimizer
        if closure is not None or not self._whole_step_watched():
            return
        params = [p for group in optimizer.param_groups for p in group["params"] if p.requires_grad]
        if not params or any(p.grad is not None for p in params):
            return
        backward_clock, backward_file, backward_line = self._last_backward
        zero_clock, _zero_file, zero_line = self._last_zero_grad
        frame = self._state.frames.find()
        if frame is None:
            return
        file, line = frame.f_code.co_filename, frame.f_lineno
        name = type(optimizer).__name__
        count = f"{len(params)} parameter{'s' if len(params) != 1 else ''}"
        if backward_clock > since and zero_clock > backward_clock and backward_file == file and backward_line > line:
            # last iteration's backward (below this step in the loop) was cleared at the top of this one
            code = "TL111"
            text = (f"`{name}.step()` runs before `backward()` at line {backward_line}: the gradients that backward "
                    f"made were cleared by `zero_grad()` at line {zero_line}, so every gradient of its {count} is "
                    "None and the step changes nothing; call backward() before step()")
        elif backward_clock > since and zero_clock > backward_clock:
            code = "TL111"
            text = (f"`{name}.step()` finds every gradient None: `zero_grad()` at line {zero_line} cleared them "
                    f"after `backward()` at line {backward_line}, so the step changes none of its {count}; "
                    "call zero_grad() before the forward pass or after step()")
        elif backward_clock > since:
            code = "TL113"
            text = (f"`backward()` at line {backward_line} reached none of the {count} of this `{name}`: every "
                    "gradient is None at step(), so the model never trains; the loss or the model's output was "
                    "cut from the graph (rebuilt with torch.tensor(...), .item(), .data, .detach() or .numpy())")
        else:
            code = "TL111"
            text = (f"`{name}.step()` runs with no `backward()` since its last step: every gradient of its "
                    f"{count} is None and the step changes nothing; call loss.backward() before step()")
        key = (code, frame.f_code.co_filename, line)
        self._repeats[key] = self._repeats.get(key, 0) + 1
        if self._repeats[key] >= _REPEATS_BEFORE_REPORT:
            self._state.report(code, frame, lambda: text)

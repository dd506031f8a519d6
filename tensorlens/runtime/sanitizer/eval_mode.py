"""TL112 eval-mode at run time: Dropout active while a model is evaluated.

An evaluation under ``torch.no_grad()``/``inference_mode()`` of a model left
in training mode keeps its Dropout layers dropping: predictions and metrics
are noisy and differ from run to run, with no error. The sign is observable
on live modules: a dropout call with ``training=True`` and ``p > 0`` while
gradients are off, inside a model whose outermost module is in training mode.

Precision first, four look-alikes stay silent:

- Monte Carlo dropout: the model is in ``eval()`` and only its Dropout
  layers were switched back on (the outermost module is not training);
- a teacher/EMA model run under no_grad inside a training step (Mean
  Teacher applies dropout on purpose): an optimizer step, zero_grad or
  backward follows before the next such forward, so it is never reported;
- a functional ``F.dropout`` called outside any module;
- a model called by library code, not the user's (``swa_utils.update_bn``
  recalibrates BatchNorm in training mode under no_grad on purpose).

A forward is reported when the same model at the same line runs this way
twice with no training event in between (an evaluation loop), or once with
none after it until the program ends (a final evaluation).

Dropout calls are followed by wrapping ``torch.nn.functional.dropout*``
(``nn.Dropout`` calls them through the module attribute), which costs one
flag test per call whether or not the monitor is on: an evaluation pass is
usually in no sampled step.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

import torch

from tensorlens.runtime.sanitizer.sites import Site
from tensorlens.runtime.sanitizer.state import RunState
from tensorlens.runtime.shape_error import module_name

_DROPOUTS = ("dropout", "dropout1d", "dropout2d", "dropout3d")  # (input, p=0.5, training=True, inplace=False)
_grad_enabled = torch.is_grad_enabled
_CALL_MACHINERY = frozenset({"_call_impl", "_wrapped_call_impl", "__call__", "inner"})  # Module.__call__'s frames


@dataclass
class _Evaluation:
    clock: int  # the training-event clock when it ran
    site: Site
    message: str
    reported: bool = False


class EvalModeCheck:
    """Reports TL112 for a no-grad forward of a training-mode model whose Dropout is active."""

    def __init__(self, state: RunState, training_clock: Callable[[], int]) -> None:
        self._state = state
        self._training_clock = training_clock
        self._pending: dict[tuple[int, str, int], _Evaluation] = {}
        self._inside = False  # a wrapped dropout is running (the program's thread; re-entry skips the check)

    def install(self) -> Callable[[], None]:
        """Wrap the functional dropouts; returns the undo."""
        functional: Any = torch.nn.functional
        originals = {name: getattr(functional, name) for name in _DROPOUTS if hasattr(functional, name)}
        for name, original in originals.items():
            setattr(functional, name, self._wrapped(original))

        def restore() -> None:
            for name, original in originals.items():
                setattr(functional, name, original)

        return restore

    def _wrapped(self, original: Callable[..., Any]) -> Callable[..., Any]:
        check = self

        @functools.wraps(original)
        def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Any:
            if check._inside:
                # under the monitor, F.dropout's __torch_function__ dispatch calls the public
                # function (this wrapper) once more: one dropout, checked once
                return original(input, p, training, inplace)
            if training and p and not _grad_enabled():
                try:
                    check.active_without_grad(p)
                except Exception as exc:
                    sys.stderr.write(f"tensorlens: internal error in the sanitizer (TL112 left unchecked): "
                                     f"{type(exc).__name__}: {exc}\n")
            check._inside = True
            try:
                return original(input, p, training, inplace)
            finally:
                check._inside = False

        return dropout

    def active_without_grad(self, p: float) -> None:
        """A dropout with ``training=True`` ran while gradients are off."""
        modules, user = self._module_stack()
        if not modules or user is None:
            return  # a functional dropout outside any module, or a model run by library code
        root, layer = modules[-1], modules[0]
        if not root.training:
            return  # eval() model with Dropout switched back on: Monte Carlo dropout
        key = (id(root), user.f_code.co_filename, user.f_lineno)
        clock = self._training_clock()
        seen = self._pending.get(key)
        if seen is not None and seen.clock == clock:
            self._report(seen)
            return
        if seen is not None and seen.reported:
            seen.clock = clock
            return
        self._pending[key] = _Evaluation(clock, self._state.frames.site_of(user), self._message(root, layer, p, user))

    def finish(self) -> None:
        """At the end of the program: a last evaluation that no training event followed is reported."""
        clock = self._training_clock()
        for seen in self._pending.values():
            if seen.clock == clock and not seen.reported:
                self._report(seen)

    def _report(self, seen: _Evaluation) -> None:
        seen.reported = True
        self._state.log.report("TL112", seen.site, lambda: seen.message)

    def _module_stack(self) -> tuple[list[Any], FrameType | None]:
        """The modules whose code is running (innermost first) and the user frame that called the
        outermost; None for the frame when library code called it (``swa_utils.update_bn`` runs a
        model in training mode under no_grad on purpose)."""
        modules: list[Any] = []
        frame: FrameType | None = sys._getframe(2)
        caller: FrameType | None = None  # the first frame past the outermost module call found so far
        while frame is not None:
            name = frame.f_code.co_name
            try:
                candidate = frame.f_locals.get("self") if name == "forward" else None
            except Exception:
                candidate = None
            if isinstance(candidate, torch.nn.Module):
                if not modules or modules[-1] is not candidate:
                    modules.append(candidate)
                caller = None
            elif caller is None and modules and name not in _CALL_MACHINERY:
                caller = frame
            frame = frame.f_back
        if caller is None or not self._state.frames.is_user_code(caller.f_code):
            return modules, None
        return modules, caller

    def _message(self, root: Any, layer: Any, p: float, user: FrameType) -> str:
        root_name = module_name(user, root) or type(root).__name__
        layer_name = module_name(user, layer)
        layer_text = f"`{layer_name}` ({type(layer).__name__}, p={p})" if layer_name else f"a dropout (p={p})"
        return (f"`{root_name}` is evaluated in training mode under no_grad/inference_mode: {layer_text} is "
                f"still dropping activations, so outputs and metrics are random and differ between runs; call "
                f"`{root_name}.eval()` before evaluating and `.train()` before training again")

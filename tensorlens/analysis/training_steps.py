"""Training steps: which optimizers' gradients a ``zero_grad()`` cleared after the last ``backward()``.

Path-sensitive facts on the :class:`~tensorlens.analysis.state.State`: a backward() forgets every cleared
optimizer; ``opt.zero_grad()`` records that ``opt``'s gradients are cleared; ``opt.step()`` with its
gradients still cleared on every path is told to the rules. A call that may run a training step the engine
cannot see (a helper of this file that does, a third-party function or method) forgets everything.
"""

from __future__ import annotations

import builtins
from collections.abc import Hashable, Sequence
from typing import Optional

import libcst as cst

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.contract import Engine
from tensorlens.analysis.events import Call, StepOnClearedGradients
from tensorlens.analysis.state import GradsCleared
from tensorlens.analysis.values import AbstractValue, Kind

# Receivers whose methods the engine knows never run a training step of their own.
_KNOWN_RECEIVERS = frozenset({Kind.TENSOR, Kind.NDARRAY, Kind.MODULE, Kind.DEVICE, Kind.PARAMETERS, Kind.SEQUENCE,
                              Kind.MAPPING, Kind.DATASET, Kind.SCALAR, Kind.NONE, Kind.SCHEDULER})
# API namespaces whose functions never run a training step.
_STEP_FREE_APIS = ("torch.", "numpy.", "math.", "random.", "time.", "os.", "copy.")


def optimizer_key(optimizer: AbstractValue) -> Optional[Hashable]:
    """What identifies an optimizer across aliases: where it was created; None when unknown."""
    return optimizer.origin.node if optimizer.origin is not None else None


def is_training_call(call: Call) -> bool:
    """Does ``call`` run backward, clear gradients or step an optimizer?"""
    return call.method in api.BACKWARD_METHODS or call.qualified in api.BACKWARD_CALLS \
        or call.method in api.GRAD_CLEARING_METHODS or call.method == api.OPTIMIZER_STEP


class TrainingSteps(Engine):
    """Part: the order of backward(), zero_grad() and step() on each path."""

    def note_training_call(self, call: Call) -> None:
        """Update the cleared-gradient facts for a call the engine just evaluated (every pass, muted or not)."""
        state = self.state
        if state is None or call.followed:
            return  # a followed call's own calls were weighed by forget_training_steps_of
        if call.method in api.BACKWARD_METHODS or call.qualified == "torch.autograd.backward":
            state.last_backward = call.node
            state.grads_cleared = {}
            return
        receiver = call.receiver
        if receiver is not None and receiver.value.kind is Kind.OPTIMIZER:
            key = optimizer_key(receiver.value)
            if key is None:
                state.grads_cleared = {}
            elif call.method in api.GRAD_CLEARING_METHODS:
                state.grads_cleared[key] = GradsCleared(call.node, state.last_backward)
            elif call.method == api.OPTIMIZER_STEP and not call.args and not call.keywords:
                cleared = state.grads_cleared.get(key)
                in_loop = bool(self.loops)
                if cleared is not None and (cleared.after_backward is not None or in_loop):
                    self.emit(StepOnClearedGradients(call.node, receiver, cleared.node, cleared.after_backward,
                                                     in_loop))
            return
        if _may_hide_a_training_step(call):
            self.forget_training_steps()

    def forget_training_steps(self) -> None:
        """A call may have run backward(), zero_grad() or step() out of sight: nothing is known any more."""
        if self.state is not None:
            self.state.last_backward = None
            self.state.grads_cleared = {}

    def forget_training_steps_of(self, calls: Sequence[Call]) -> None:
        """A followed call made ``calls``: if one of them is a training step, what it did there is not tracked."""
        if any(is_training_call(call) for call in calls):
            self.forget_training_steps()


def _may_hide_a_training_step(call: Call) -> bool:
    """A call the engine cannot see into that might run backward() or step an optimizer."""
    if call.receiver is not None:
        return call.receiver.value.kind not in _KNOWN_RECEIVERS
    if call.qualified is not None:
        return not call.qualified.startswith(_STEP_FREE_APIS)
    # A function the engine knows nothing of (a parameter, a name it cannot resolve); not a builtin or a module.
    func = call.node.func if isinstance(call.node, cst.Call) else None
    return call.result.kind is Kind.UNKNOWN and not (isinstance(func, cst.Name) and hasattr(builtins, func.value))

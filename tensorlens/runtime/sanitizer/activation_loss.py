"""TL110 activation-before-loss at run time: probabilities entering a loss that applies softmax itself.

``F.cross_entropy`` (and ``nn.CrossEntropyLoss``) applies ``log_softmax`` to
its input; ``F.nll_loss`` expects log-probabilities. A softmax output fed to
either trains a worse model without an error: the gradients through a
second softmax are squashed (cross_entropy) or the loss is of the wrong sign
and scale (nll_loss). The static rule follows the softmax by name; here it
is recognised by value at the sampled steps, whatever produced it (an
``nn.Softmax`` in a ``Sequential``, a helper, a library): rows along the
class dimension that are non-negative, at most 1, sum to 1, and are not
one-hot. Log-probabilities (``log_softmax``) never pass (they are <= 0).
"""

from __future__ import annotations

from typing import Any

import torch

from tensorlens.runtime.sanitizer.describe import name_in_frame
from tensorlens.runtime.sanitizer.state import RunState
from tensorlens.runtime.summary import tensor_header

_CHECKS_PER_SITE = 3
_TOLERANCE = 1e-3  # row sums of a float16 softmax are within ~1e-3 of 1
_WHAT_IT_DOES = {
    "cross_entropy": "cross_entropy applies log_softmax itself, so the model is trained through softmax twice "
                     "(gradients shrink and training stalls); pass the logits",
    "nll_loss": "nll_loss expects log-probabilities; use log_softmax (or cross_entropy on the logits)",
}


def looks_like_probabilities(scores: Any) -> bool:
    """Whether ``scores`` (N, C, ...) or (C,) holds a probability distribution along its class dimension."""
    if not isinstance(scores, torch.Tensor) or not scores.is_floating_point() or scores.is_meta:
        return False
    if scores.dim() == 0 or scores.numel() == 0 or scores.layout != torch.strided:
        return False
    class_dim = 1 if scores.dim() >= 2 else 0
    if scores.shape[class_dim] < 2:
        return False
    with torch.no_grad():
        values = scores.detach()
        in_unit_range = (values.min() >= 0) & (values.max() <= 1)
        rows_sum_to_one = (values.sum(dim=class_dim) - 1).abs().max() <= _TOLERANCE
        not_one_hot = ((values > 0) & (values < 1)).any()
        return bool(in_unit_range & rows_sum_to_one & not_one_hot)  # one host transfer


class ActivationBeforeLossCheck:
    """Reports TL110 when a loss that applies (log_)softmax itself is handed probabilities."""

    def __init__(self, state: RunState) -> None:
        self._state = state
        self._checked: dict[tuple[int, int], int] = {}  # (id(code), line) -> calls checked there

    def before_loss(self, loss: str, shown: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Called before ``F.cross_entropy``/``F.nll_loss`` (``loss``) runs with these arguments."""
        state = self._state
        frame = state.frames.find()
        if frame is not None:
            # a loss line feeds the same kind of scores every step: its first few calls decide
            # (each check is a few reductions and one host sync)
            key = (id(frame.f_code), frame.f_lineno)
            checked = self._checked.get(key, 0)
            if checked >= _CHECKS_PER_SITE:
                return
            self._checked[key] = checked + 1
        scores = args[0] if args else kwargs.get("input")
        if scores is None or not looks_like_probabilities(scores):
            return

        def message() -> str:
            name = name_in_frame(frame, scores)
            label = f"`{name}`" if name else "scores"
            origin = state.origins.get(scores)
            where = f", {origin.shape_story()}" if origin is not None else ""
            made = type(scores.grad_fn).__name__ if scores.grad_fn is not None else ""
            source = ": a softmax output" if made.startswith("Softmax") else ""
            return (f"`{shown}` gets {label} ({tensor_header(scores)}{where}) whose rows are probabilities "
                    f"(non-negative, summing to 1{source}); {_WHAT_IT_DOES[loss]}")

        state.report("TL110", frame, message)

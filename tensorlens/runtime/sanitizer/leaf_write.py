"""TL101 inplace-on-leaf: an in-place write into a leaf that requires grad, or a view of one.

PyTorch refuses it with grad mode on ("a leaf Variable that requires grad is
being used in an in-place operation"); the finding comes first and says
where the leaf was created, which the traceback does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tensorlens.runtime.sanitizer.describe import describe, name_in_frame, op_text
from tensorlens.runtime.sanitizer.ops import OpTraits
from tensorlens.runtime.sanitizer.state import RunState


def written_leaf(target: Any) -> Any:
    """The leaf requiring grad that writing into ``target`` would modify, or None."""
    if not target.requires_grad:
        return None
    if target.is_leaf:
        return target
    base = target._base
    if base is not None and base.is_leaf and base.requires_grad:
        return base
    return None


class LeafWriteCheck:
    """Reports TL101 before an in-place op on a grad-requiring leaf runs."""

    def __init__(self, state: RunState, torch: Any) -> None:
        self._state = state
        self._torch = torch

    def before_write(self, traits: OpTraits, targets: Iterable[Any]) -> None:
        """``targets`` are the tensors the op is about to write into (grad mode is on:
        under no_grad()/inference_mode() such writes are allowed and not checked)."""
        tensor_type = self._torch.Tensor
        for target in targets:
            if not isinstance(target, tensor_type):
                continue
            leaf = written_leaf(target)
            if leaf is not None:
                self._report(traits, target, leaf)
                return

    def _report(self, traits: OpTraits, target: Any, leaf: Any) -> None:
        state = self._state
        frame = state.frames.find()

        def message() -> str:
            what = describe(leaf, name_in_frame(frame, leaf), state.origins.get(leaf), "a leaf")
            via = "" if target is leaf else " through a view of it"
            return (f"in-place `{op_text(traits.name, frame)}` on {what}{via}, which requires grad; "
                    "wrap the update in `with torch.no_grad():` or write to a copy")

        state.report("TL101", frame, message)

"""TL302 numpy-requires-grad and TL203 numpy-on-cuda: ``.numpy()`` PyTorch will refuse.

Both are checked before the call (``t.numpy()`` and ``np.asarray(t)``, which
goes through ``Tensor.__array__``); ``numpy(force=True)`` is allowed, as in
PyTorch.
"""

from __future__ import annotations

from typing import Any

from tensorlens.runtime.sanitizer.describe import describe, name_in_frame
from tensorlens.runtime.sanitizer.ops import OpTraits
from tensorlens.runtime.sanitizer.state import RunState


def forced(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """``t.numpy(force=True)``: PyTorch detaches and copies to the CPU itself."""
    return bool(kwargs.get("force", args[1] if len(args) > 1 and isinstance(args[1], bool) else False))


class NumpyExportCheck:
    """Reports TL302/TL203 before a ``.numpy()`` that would raise."""

    def __init__(self, state: RunState) -> None:
        self._state = state

    def before_export(self, traits: OpTraits, tensor: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """``tensor`` is about to become a numpy array."""
        if forced(args, kwargs) or (not tensor.requires_grad and tensor.is_cpu):
            return
        state = self._state
        frame = state.frames.find()

        def what() -> str:
            return describe(tensor, name_in_frame(frame, tensor), state.origins.get(tensor), "a tensor")

        if tensor.requires_grad:
            fix = ".detach().numpy()" if tensor.is_cpu else ".detach().cpu().numpy()"
            state.report("TL302", frame, lambda: (
                f"`{traits.name}` on {what()}, which requires grad; use `{fix}`"))
        if not tensor.is_cpu:
            state.report("TL203", frame, lambda: (
                f"`{traits.name}` on {what()}, which is on {tensor.device}; "
                "numpy arrays live in CPU memory: use `.cpu().numpy()`"))

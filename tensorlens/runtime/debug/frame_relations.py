"""What the inspected frame says about one tensor: its numpy alias, its neighbours' names.

Both come from ``tensorlens.runtime.frame.frame_tensors`` run on the frame
the user is expanding (found by ``inspected_frame``); they are computed only
when a row that needs them is expanded.
"""

from __future__ import annotations

from typing import Any

from tensorlens.runtime.debug.inspected_frame import inspected_frame


def numpy_sharing_text(t: Any) -> str:
    """``a`` (or ``a, b``) for the frame's numpy arrays sharing ``t``'s memory, else why none."""
    from tensorlens.runtime.frame import frame_tensors

    frame = inspected_frame()
    if frame is None:
        return "unknown (frame not available)"
    found = frame_tensors(frame)
    names = {row.name for row in found.tensors if row.tensor is t}
    arrays = sorted({alias.array_name for alias in found.numpy_aliases if alias.tensor_name in names})
    if arrays:
        return ", ".join(arrays) + " (writes through either side show in the other)"
    return "none in this frame"


def frame_tensor_names() -> dict[int, str]:
    """``id(tensor) -> name`` for the inspected frame (``model.fc.weight``), empty outside pydevd."""
    from tensorlens.runtime.frame import frame_tensors

    frame = inspected_frame()
    return frame_tensors(frame).names() if frame is not None else {}

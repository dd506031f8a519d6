"""Which frame of the debugged program the user is looking at.

pydevd hands a resolver only the object to expand, but the rows that relate a
tensor to its neighbours (the numpy array sharing its memory, the name of an
AccumulateGrad leaf) need the frame. pydevd's variable objects keep it
(``_ObjectVariable.frame``) and are on the call stack while our resolver
runs, so we look there; when pydevd's internals change, the answer is just
"unknown", never an error.
"""

from __future__ import annotations

import sys
from types import FrameType

# The resolver is called a few frames below pydevd's variable object; stop
# well before walking the debugged program's own stack.
_MAX_DEPTH = 40
_VARIABLE_TYPES = ("_ObjectVariable", "_FrameVariable")


def inspected_frame() -> FrameType | None:
    """The debugged frame whose variables are being expanded, or None outside pydevd."""
    try:
        caller: FrameType | None = sys._getframe(1)
    except ValueError:
        return None
    for _ in range(_MAX_DEPTH):
        if caller is None:
            return None
        owner = caller.f_locals.get("self") if caller.f_code.co_name == "get_children_variables" else None
        if owner is not None and type(owner).__name__ in _VARIABLE_TYPES:
            frame = getattr(owner, "frame", None)
            return frame if isinstance(frame, FrameType) else None
        caller = caller.f_back
    return None

"""What every check shares during one sanitized run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from tensorlens.runtime.sanitizer.findings import FindingLog
from tensorlens.runtime.sanitizer.origins import Origin, OriginTable
from tensorlens.runtime.sanitizer.sites import Site, UserFrames

_NOWHERE = Site("<torch internals>", 1, 1, 1, 1)


@dataclass
class RunState:
    """The user-frame locator, the origin table and the finding log of a run."""

    frames: UserFrames
    log: FindingLog
    origins: OriginTable = field(default_factory=OriginTable)
    backward_calls: int = 0  # an iteration boundary for TL104

    def origin_here(self, action: str, frame: FrameType | None = None) -> Origin | None:
        """An ``Origin`` at the current user line (or at ``frame``)."""
        frame = frame if frame is not None else self.frames.find()
        if frame is None:
            return None
        return Origin(action, self.frames.display_path(frame.f_code.co_filename), frame.f_lineno)

    def report(self, code: str, frame: FrameType | None, message: Callable[[], str],
               details: Callable[[], dict[str, Any]] | None = None) -> None:
        """Report ``code`` at ``frame``'s expression (once per site, then counted)."""
        site = self.frames.site_of(frame) if frame is not None else _NOWHERE
        self.log.report(code, site, message, details)

"""Analysis in progress, shown by the editor (VS Code's status bar, Neovim's progress plugins).

LSP's work-done progress, created by the server: an analysis still running
after :data:`ANNOUNCE_AFTER_S` is announced as "TensorLens: analyzing
model.py" until its document's latest text is analyzed. Keystroke-fast
analyses are never announced, so the status bar does not flicker while typing.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Callable
from typing import Optional

from lsprotocol import types
from pygls.progress import Progress

ANNOUNCE_AFTER_S = 0.3


class AnalysisProgress:
    """One progress per document whose analysis takes longer than a keystroke."""

    def __init__(self, progress: Callable[[], Progress], supported: Callable[[], bool]):
        self._progress = progress
        self._supported = supported
        self._waiting: dict[str, asyncio.TimerHandle] = {}
        self._shown: dict[str, str] = {}
        self._tokens = itertools.count(1)

    def started(self, uri: str, path: Optional[str]) -> None:
        """An analysis of the document was submitted: announce it if it is still running in a moment."""
        if uri in self._waiting or uri in self._shown or not self._supported():
            return
        name = os.path.basename(path or uri)
        self._waiting[uri] = asyncio.get_running_loop().call_later(
            ANNOUNCE_AFTER_S, lambda: asyncio.ensure_future(self._begin(uri, name)))

    def finished(self, uri: str) -> None:
        """The document's latest text is analyzed (or the document closed)."""
        waiting = self._waiting.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        token = self._shown.pop(uri, None)
        if token is not None:
            self._progress().end(token, types.WorkDoneProgressEnd())

    async def _begin(self, uri: str, name: str) -> None:
        if self._waiting.pop(uri, None) is None:
            return
        token = f"tensorlens-analysis-{next(self._tokens)}"
        self._shown[uri] = token
        try:
            await self._progress().create_async(token)
        except Exception:  # the client refused: nothing is shown
            self._shown.pop(uri, None)
            return
        if self._shown.get(uri) != token:
            self._progress().end(token, types.WorkDoneProgressEnd())  # finished while the client answered
            return
        self._progress().begin(token, types.WorkDoneProgressBegin(title="TensorLens", message=f"analyzing {name}"))

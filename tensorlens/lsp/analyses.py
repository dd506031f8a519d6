"""One analysis per document version, off the event loop, never stale.

Every change of a document submits the new text. A document has at most one
analysis running; while it runs, newer submissions replace each other (only
the latest text waits), and when it ends the latest text starts at once. So a
burst of keystrokes costs one analysis per analysis time, and the last edit
waits for no timer: the debounce adds no latency. The result of an analysis
whose text has since changed is dropped, never published; one that has run
for :data:`KILL_STALE_AFTER_S` on text already replaced is stopped by killing
its worker (a 50,000-line file must not hold a core for a minute for text
nobody sees any more).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Optional

from tensorlens.lsp.pool import WorkerDied, WorkerPool, WorkerProcess, WorkerUnavailable
from tensorlens.lsp.positions import split_lines
from tensorlens.lsp.worker import AnalysisJob, AnalysisResult, run_job

# Killing a worker costs a restart (about half a second of imports); below this
# a stale analysis is cheaper to let finish and drop.
KILL_STALE_AFTER_S = 1.0


@dataclass
class Outcome:
    """The analysis of one version of a document's text."""

    version: Optional[int]
    source: str
    result: AnalysisResult

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.source)


@dataclass
class _Document:
    pending: Optional[tuple[Optional[int], AnalysisJob]] = None
    generation: int = 0
    running: Optional[WorkerProcess] = None
    running_generation: int = -1
    running_since: float = 0.0
    killed: bool = False
    closed: bool = False
    outcome: Optional[Outcome] = None
    driver: Optional[asyncio.Task] = None
    settled: asyncio.Event = field(default_factory=asyncio.Event)


class AnalysisScheduler:
    """Runs analyses in worker processes and hands each fresh :class:`Outcome` to ``on_outcome``."""

    def __init__(self, pool: WorkerPool, on_outcome: Callable[[str, Outcome], None],
                 log_error: Callable[[str], None]):
        self._pool = pool
        self._on_outcome = on_outcome
        self._log_error = log_error
        self._documents: dict[str, _Document] = {}

    def submit(self, uri: str, version: Optional[int], job: AnalysisJob) -> None:
        """Analyze this version of the document; earlier versions' results will be dropped."""
        document = self._documents.get(uri)
        if document is None:
            document = self._documents[uri] = _Document()
        document.pending = (version, job)
        document.generation += 1
        document.settled.clear()
        if document.driver is None or document.driver.done():
            document.driver = asyncio.ensure_future(self._drive(uri, document))
        elif document.running is not None:
            self._stop_when_worthwhile(document)

    def forget(self, uri: str) -> None:
        """The document closed: drop its queued work and results."""
        document = self._documents.pop(uri, None)
        if document is None:
            return
        document.closed = True
        document.pending = None
        document.generation += 1
        document.outcome = None
        document.settled.set()
        if document.running is not None:
            self._stop_when_worthwhile(document)

    def outcome(self, uri: str) -> Optional[Outcome]:
        document = self._documents.get(uri)
        return None if document is None else document.outcome

    async def settled(self, uri: str, timeout: Optional[float] = None) -> Optional[Outcome]:
        """The outcome once the latest submitted text is analyzed (None if closed or timed out)."""
        document = self._documents.get(uri)
        if document is None:
            return None
        try:
            await asyncio.wait_for(document.settled.wait(), timeout)
        except asyncio.TimeoutError:
            return None
        return document.outcome

    def close(self) -> None:
        for uri in list(self._documents):
            self.forget(uri)

    def _stop_when_worthwhile(self, document: _Document) -> None:
        loop = asyncio.get_running_loop()
        worker, generation = document.running, document.running_generation

        def stop() -> None:
            if document.running is worker and document.running_generation == generation \
                    and generation != document.generation and worker is not None:
                document.killed = True
                worker.kill()

        delay = KILL_STALE_AFTER_S - (loop.time() - document.running_since)
        if delay <= 0:
            stop()
        else:
            loop.call_later(delay, stop)

    async def _drive(self, uri: str, document: _Document) -> None:
        loop = asyncio.get_running_loop()
        while document.pending is not None and not document.closed:
            (version, job), document.pending = document.pending, None
            generation = document.generation
            result = await self._run(document, job, generation, loop)
            if result is None or generation != document.generation or document.closed:
                continue  # the text changed meanwhile: this result describes nothing on screen
            document.outcome = Outcome(version, job.source, result)
            try:
                self._on_outcome(uri, document.outcome)
            except Exception as error:  # publishing must not stop the next analysis
                self._log_error(f"TensorLens: cannot publish diagnostics for {uri}: {error!r}")
        document.settled.set()

    async def _run(self, document: _Document, job: AnalysisJob, generation: int,
                   loop: asyncio.AbstractEventLoop) -> Optional[AnalysisResult]:
        # A worker found dead may have died idle (killed by the OS): only a second death says the text kills it.
        for attempt in (1, 2):
            try:
                worker = await self._pool.acquire()
            except WorkerUnavailable:
                return await asyncio.to_thread(run_job, job)
            if generation != document.generation or document.closed:
                self._pool.release(worker)  # superseded while waiting for a worker
                return None
            document.running, document.running_generation = worker, generation
            document.running_since, document.killed = loop.time(), False
            try:
                return await worker.analyze(job)
            except WorkerDied as error:
                if document.killed:
                    return None
                if attempt == 2:
                    return AnalysisResult(internal_errors=[
                        f"{job.path}: the analysis crashed its worker twice ({error}); no diagnostics for this "
                        f"version"])
            finally:
                document.running = None
                self._pool.release(worker)
        return None

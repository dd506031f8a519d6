"""One analysis per document version, off the event loop, never stale.

Every change of a document submits the new text. A document has at most one
analysis running; while it runs, newer submissions replace each other (only
the latest text waits), and when it ends the latest text starts at once. So a
burst of keystrokes costs one analysis per analysis time, and the last edit
waits for no timer: the debounce adds no latency.

The result of an analysis whose text has since changed is dropped, never
published, and the analysis is cancelled: its worker gets a signal and drops
the job at once (after the native parse), staying warm for the next; one that
does not stop within a worker's start-up time (a parse of a huge file) is
killed and replaced. Meanwhile the latest text starts on another worker when
one is free (the pool keeps a spare when it can).

A text analyzed a moment ago (an undo, a save, settings switched back) is
answered from a small cache of recent results without a worker.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Optional

from tensorlens.lsp.pool import AnalysisCancelled, WorkerDied, WorkerPool, WorkerProcess, WorkerUnavailable
from tensorlens.lsp.positions import split_lines
from tensorlens.lsp.worker import AnalysisJob, AnalysisResult, run_job

RECENT_RESULTS = 16
# A worker that has analyzed this much text keeps the memory it took (hundreds of MB for
# 10,000 lines): it is replaced afterwards rather than kept idle.
RETIRE_AFTER_CHARS = 250_000


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
class _Run:
    """An analysis under way in a worker."""

    worker: WorkerProcess
    generation: int
    task: asyncio.Future[AnalysisResult]
    killed: bool = False


@dataclass
class _Document:
    pending: Optional[tuple[Optional[int], AnalysisJob]] = None
    generation: int = 0
    running: Optional[_Run] = None
    superseded: Optional[asyncio.Future[None]] = None
    closed: bool = False
    outcome: Optional[Outcome] = None
    driver: Optional[asyncio.Task[None]] = None
    settled: asyncio.Event = field(default_factory=asyncio.Event)


class AnalysisScheduler:
    """Runs analyses in worker processes and hands each fresh :class:`Outcome` to ``on_outcome``."""

    def __init__(self, pool: WorkerPool, on_outcome: Callable[[str, Outcome], None],
                 log_error: Callable[[str], None]):
        self._pool = pool
        self._on_outcome = on_outcome
        self._log_error = log_error
        self._documents: dict[str, _Document] = {}
        self._recent: OrderedDict[AnalysisJob, AnalysisResult] = OrderedDict()

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
        self._abandon_running(document)

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
        self._abandon_running(document)

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

    def _abandon_running(self, document: _Document) -> None:
        """Stop waiting for the running analysis, and cancel it."""
        run = document.running
        if run is None or run.generation == document.generation:
            return
        if document.superseded is not None and not document.superseded.done():
            document.superseded.set_result(None)

        def kill() -> None:
            if not run.task.done():
                run.killed = True
                run.worker.kill()

        if run.worker.cancel():
            # Still busy after a worker's start-up time: stuck in the parser of a huge file.
            asyncio.get_running_loop().call_later(self._pool.start_seconds, kill)
        else:
            kill()

    def _remember(self, job: AnalysisJob, result: AnalysisResult) -> None:
        if result.internal_errors:
            return
        self._recent[job] = result
        while len(self._recent) > RECENT_RESULTS:
            self._recent.popitem(last=False)

    async def _drive(self, uri: str, document: _Document) -> None:
        loop = asyncio.get_running_loop()
        while document.pending is not None and not document.closed:
            (version, job), document.pending = document.pending, None
            generation = document.generation
            result = self._recent.get(job)
            if result is None:
                result = await self._run(document, job, generation, loop)
                if result is not None:
                    self._remember(job, result)
            else:
                self._recent.move_to_end(job)
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
            task = asyncio.ensure_future(worker.analyze(job))
            retire = len(job.source) > RETIRE_AFTER_CHARS
            task.add_done_callback(partial(self._finished, worker, retire=retire))
            run = _Run(worker, generation, task)
            document.running, document.superseded = run, loop.create_future()
            try:
                waited: set[asyncio.Future[AnalysisResult] | asyncio.Future[None]] = {task, document.superseded}
                await asyncio.wait(waited, return_when=asyncio.FIRST_COMPLETED)
            finally:
                if document.running is run:
                    document.running = None
            if not task.done():
                return None  # superseded: it ends (or is stopped) in the background, unheard
            try:
                return task.result()
            except AnalysisCancelled:
                return None
            except WorkerDied as error:
                if run.killed:
                    return None
                if attempt == 2:
                    return AnalysisResult(internal_errors=[
                        f"{job.path}: the analysis crashed its worker twice ({error}); no diagnostics for this "
                        f"version"])
        return None

    def _finished(self, worker: WorkerProcess, task: asyncio.Future[AnalysisResult], retire: bool) -> None:
        if not task.cancelled():
            task.exception()  # retrieved here; _run reads it when it still waits
        if retire:
            worker.kill()  # the pool starts a fresh one
        self._pool.release(worker)

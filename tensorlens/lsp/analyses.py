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
import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Optional

from tensorlens.lsp.pool import AnalysisCancelled, WorkerDied, WorkerPool, WorkerProcess, WorkerUnavailable
from tensorlens.lsp.positions import split_lines
from tensorlens.lsp.worker import AnalysisJob, AnalysisResult, run_job

RECENT_RESULTS = 16
# A worker keeps each open document's parse and recorded analyses, which is what makes the next
# edit fast. One that has grown past this many megabytes is replaced after its job, and the next
# analysis of each document starts from scratch. (It used to be replaced after any text of 250,000
# characters: every keystroke in such a file then cost a full analysis, tens of seconds at 20k lines.)
# A cancelled analysis still running after this many worker start-up times (and this many seconds) is
# killed: the worker is stuck in native code that no signal interrupts.
KILL_AFTER_STARTS = 3
KILL_AFTER_MIN_S = 2.0
WORKER_MEMORY_MB = int(os.environ.get("TENSORLENS_WORKER_MAX_MB", "3072"))


@dataclass
class Outcome:
    """The analysis of one version of a document's text (its hover facts may still be on their way)."""

    version: Optional[int]
    source: str
    result: AnalysisResult
    # The whole job, hover facts included, while they are being resolved; None once they are in.
    complete: Optional[asyncio.Future[AnalysisResult]] = None

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.source)

    async def facts_ready(self, timeout: Optional[float]) -> bool:
        """Wait for the hover facts; False when they will not come (the job was dropped) or in time."""
        if self.complete is None or not self.result.facts_pending:
            return not self.result.facts_pending
        try:
            await asyncio.wait_for(asyncio.shield(self.complete), timeout)
        except Exception:  # dropped, crashed, or late
            return False
        return not self.result.facts_pending


@dataclass
class _Run:
    """An analysis under way in a worker: ``task`` runs the whole job, ``first`` gets its findings."""

    worker: WorkerProcess
    generation: int
    task: asyncio.Future[AnalysisResult]
    first: asyncio.Future[AnalysisResult]
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
    home: Optional[WorkerProcess] = None  # the worker that analyzed it last, and keeps its parse
    analyzed: int = -1  # the generation the outcome is of


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

    def forget_recent(self) -> None:
        """A project module changed on disk: the results on hand may be of its old text."""
        self._recent.clear()

    def outcome(self, uri: str) -> Optional[Outcome]:
        document = self._documents.get(uri)
        return None if document is None else document.outcome

    def up_to_date(self, uri: str) -> bool:
        """No newer submission of the document waits or runs (its outcome answers for the text on screen
        as the server now analyzes it: a change of settings resubmits the same version)."""
        document = self._documents.get(uri)
        return document is None or document.analyzed == document.generation

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
            # Still busy well after a worker's start-up time: stuck in the parser of a huge file. (Killing
            # sooner, on a loaded machine, threw away warm workers that were in a 100 ms reparse: the next
            # edit then paid a fresh worker's full parse, seconds.)
            asyncio.get_running_loop().call_later(max(KILL_AFTER_STARTS * self._pool.start_seconds,
                                                      KILL_AFTER_MIN_S), kill)
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
            complete: Optional[asyncio.Future[AnalysisResult]] = None
            result = self._recent.get(job)
            if result is None:
                ran = await self._run(document, job, generation, loop)
                if ran is not None:
                    result, complete = ran
                    complete.add_done_callback(partial(self._completed, job))
            else:
                self._recent.move_to_end(job)
            if result is None or generation != document.generation or document.closed:
                continue  # the text changed meanwhile: this result describes nothing on screen
            document.outcome = Outcome(version, job.source, result, complete)
            document.analyzed = generation
            try:
                self._on_outcome(uri, document.outcome)
            except Exception as error:  # publishing must not stop the next analysis
                self._log_error(f"TensorLens: cannot publish diagnostics for {uri}: {error!r}")
        document.settled.set()

    async def _run(self, document: _Document, job: AnalysisJob, generation: int, loop: asyncio.AbstractEventLoop
                   ) -> Optional[tuple[AnalysisResult, asyncio.Future[AnalysisResult]]]:
        """The findings of ``job`` and the future of the whole job (hover facts included); None when the
        text changed meanwhile."""
        # A worker found dead may have died idle (killed by the OS): only a second death says the text kills it.
        for attempt in (1, 2):
            try:
                # A cancelled job stops at once (but for a native parse): a fresh worker would
                # start from scratch, seconds on a big file.
                worker = await self._pool.acquire(document.home, patience=self._pool.start_seconds)
            except WorkerUnavailable:
                result = await asyncio.to_thread(run_job, job)
                done: asyncio.Future[AnalysisResult] = loop.create_future()
                done.set_result(result)
                return result, done
            if generation != document.generation or document.closed:
                self._pool.release(worker)  # superseded while waiting for a worker
                return None
            first: asyncio.Future[AnalysisResult] = loop.create_future()
            task = asyncio.ensure_future(self._work(worker, job, first))
            task.add_done_callback(partial(self._finished, worker))
            document.home = worker
            run = _Run(worker, generation, task, first)
            document.running, document.superseded = run, loop.create_future()
            task.add_done_callback(partial(self._ended, document, run))
            waited: set[asyncio.Future[AnalysisResult] | asyncio.Future[None]] = {first, task, document.superseded}
            await asyncio.wait(waited, return_when=asyncio.FIRST_COMPLETED)
            if first.done():
                return first.result(), task  # the hover facts follow while the findings are published
            if not task.done():
                return None  # superseded: it ends (or is stopped) in the background, unheard
            try:
                return task.result(), task
            except AnalysisCancelled:
                return None
            except WorkerDied as error:
                if run.killed:
                    return None
                if attempt == 2:
                    failed = AnalysisResult(internal_errors=[
                        f"{job.path}: the analysis crashed its worker twice ({error}); no diagnostics for this "
                        f"version"])
                    return failed, task
        return None

    async def _work(self, worker: WorkerProcess, job: AnalysisJob,
                    first: asyncio.Future[AnalysisResult]) -> AnalysisResult:
        """One job on one worker: the findings (handed to ``first``), then the hover facts."""
        result = await worker.analyze(job)
        first.set_result(result)
        if result.facts_pending:
            answer = await worker.facts()
            for error in answer.internal_errors:
                self._log_error(f"TensorLens: {error}")
            result.facts = answer.facts
            result.internal_errors += answer.internal_errors
            result.facts_pending = False
        return result

    @staticmethod
    def _ended(document: _Document, run: _Run, task: asyncio.Future[AnalysisResult]) -> None:
        if document.running is run:
            document.running = None

    def _completed(self, job: AnalysisJob, task: asyncio.Future[AnalysisResult]) -> None:
        if not task.cancelled() and task.exception() is None and not task.result().facts_pending:
            self._remember(job, task.result())

    def _finished(self, worker: WorkerProcess, task: asyncio.Future[AnalysisResult]) -> None:
        if not task.cancelled() and task.exception() is None:  # (_run reads the exception when it still waits)
            if task.result().memory_bytes > WORKER_MEMORY_MB * 1024 * 1024:
                worker.kill()  # the pool starts a fresh one
        self._pool.release(worker)

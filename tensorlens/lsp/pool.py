"""Worker processes for the server: start them ahead of need, hand them out, replace the dead.

A worker is started with the server's own interpreter and import path (so a
``tensorlens`` folder in the user's workspace cannot shadow the installed
package) and answers one job at a time over its pipes (see :mod:`worker`).
"""

from __future__ import annotations

import asyncio
import json
import pickle
import sys
from typing import Callable, Optional

from tensorlens.lsp.worker import READY, AnalysisJob, AnalysisResult, body_size, encode, header_size

_BOOT = "import sys, json; sys.path[:] = json.loads(sys.argv[1]); from tensorlens.lsp.worker import main; main()"
# A worker that cannot import the engine in this long is broken, not slow.
START_TIMEOUT_S = 120.0


class WorkerDied(Exception):
    """The worker process ended (killed as stale, or crashed) before answering."""


class WorkerUnavailable(Exception):
    """No worker process can be started here; the caller analyzes in a thread instead."""


class WorkerProcess:
    """One running worker and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process

    @classmethod
    async def start(cls) -> "WorkerProcess":
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _BOOT, json.dumps(sys.path),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        worker = cls(process)
        try:
            ready = await asyncio.wait_for(worker._receive(), START_TIMEOUT_S)
        except BaseException:
            worker.kill()
            raise
        if ready != READY:
            worker.kill()
            raise WorkerDied(f"the worker sent {ready!r} instead of {READY!r}")
        return worker

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def analyze(self, job: AnalysisJob) -> AnalysisResult:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(encode(job))
            await self.process.stdin.drain()
        except (ConnectionError, RuntimeError) as error:
            raise WorkerDied(f"cannot send to the worker: {error}") from None
        return await self._receive()

    async def _receive(self):
        assert self.process.stdout is not None
        try:
            header = await self.process.stdout.readexactly(header_size())
            body = await self.process.stdout.readexactly(body_size(header))
        except (asyncio.IncompleteReadError, ConnectionError):
            code = await self.process.wait()
            raise WorkerDied(f"the worker exited with code {code}") from None
        return pickle.loads(body)

    def kill(self) -> None:
        if self.alive:
            try:
                self.process.kill()
            except ProcessLookupError:
                pass


class WorkerPool:
    """Up to ``size`` workers; one is started as soon as the server is up."""

    def __init__(self, size: int, log: Callable[[str], None]):
        self.size = size
        self._log = log
        self._slots: Optional[asyncio.Semaphore] = None
        self._idle: list[WorkerProcess] = []
        self._all: set[WorkerProcess] = set()
        self._warming: Optional[asyncio.Task] = None
        self._failures = 0
        self.closed = False

    def _semaphore(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        return self._slots

    def prewarm(self) -> None:
        """Start a worker in the background unless one is idle or already starting."""
        if self.closed or self._idle or (self._warming is not None and not self._warming.done()):
            return
        self._warming = asyncio.ensure_future(self._start())

    async def _start(self) -> WorkerProcess:
        if self._failures >= 2:
            raise WorkerUnavailable("analysis workers failed to start twice")
        try:
            worker = await WorkerProcess.start()
        except (OSError, WorkerDied, asyncio.TimeoutError) as error:
            self._failures += 1
            self._log(f"TensorLens: cannot start an analysis worker ({error}); "
                      + ("analyzing in the server process instead" if self._failures >= 2 else "retrying"))
            raise WorkerUnavailable(str(error)) from None
        self._failures = 0
        self._all.add(worker)
        return worker

    async def acquire(self) -> WorkerProcess:
        """A ready worker, waiting for one to be free; raises WorkerUnavailable."""
        slots = self._semaphore()
        await slots.acquire()
        try:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
                self._all.discard(worker)
            warming, self._warming = self._warming, None
            if warming is not None:
                try:
                    worker = await warming
                    if worker.alive:
                        return worker
                except WorkerUnavailable:
                    pass
            while True:
                try:
                    return await self._start()
                except WorkerUnavailable:
                    if self._failures >= 2:
                        raise
        except BaseException:
            slots.release()
            raise

    def release(self, worker: WorkerProcess) -> None:
        """Give a worker back; a dead one is replaced in the background."""
        if worker.alive and not self.closed:
            self._idle.append(worker)
        else:
            self._all.discard(worker)
            worker.kill()
            self.prewarm()
        self._semaphore().release()

    def close(self) -> None:
        """Stop every worker (they also exit on their own when the server's end of the pipe closes)."""
        self.closed = True
        if self._warming is not None:
            self._warming.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._idle.clear()

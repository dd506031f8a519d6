"""Worker processes for the server: start them ahead of need, hand them out, replace the dead.

A worker is started with the server's own interpreter and import path (so a
``tensorlens`` folder in the user's workspace cannot shadow the installed
package) and answers one job at a time over its pipes (see :mod:`worker`).
It runs isolated (``-I``): its current folder, the workspace, is never on its
import path, and neither is a folder the server itself was started in.
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, Optional

from tensorlens.lsp.worker import (
    CANCELLED,
    READY,
    AnalysisJob,
    AnalysisResult,
    FactsAnswer,
    body_size,
    encode,
    header_size,
)

_BOOT = "import sys, json; sys.path[:] = json.loads(sys.argv[1]); from tensorlens.lsp.worker import main; main()"
# A worker that cannot import the engine in this long is broken, not slow.
START_TIMEOUT_S = 120.0


def worker_path() -> list[str]:
    """The server's import path without its current folder (where ``python -m`` or ``-c`` put it), unless
    TensorLens itself is imported from there (a source checkout)."""
    import tensorlens

    here = os.getcwd()
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(tensorlens.__file__)))
    return [entry for entry in sys.path
            if os.path.abspath(entry or os.curdir) != here or os.path.abspath(entry or os.curdir) == package_root]


class WorkerDied(Exception):
    """The worker process ended (killed as stale, or crashed) before answering."""


class AnalysisCancelled(Exception):
    """The worker stopped the job when asked to (and is ready for the next)."""


class WorkerUnavailable(Exception):
    """No worker process can be started here; the caller analyzes in a thread instead."""


class WorkerProcess:
    """One running worker and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self._killed = False

    @classmethod
    async def start(cls) -> WorkerProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-I", "-c", _BOOT, json.dumps(worker_path()),
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
        return self.process.returncode is None and not self._killed and not _exited(self.process.pid)

    async def analyze(self, job: AnalysisJob) -> AnalysisResult:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(encode(job))
            await self.process.stdin.drain()
        except (ConnectionError, RuntimeError) as error:
            raise WorkerDied(f"cannot send to the worker: {error}") from None
        answer = await self._receive()
        if answer == CANCELLED:
            raise AnalysisCancelled()
        assert isinstance(answer, AnalysisResult)
        return answer

    async def facts(self) -> FactsAnswer:
        """The second answer of a job whose result said ``facts_pending``."""
        answer = await self._receive()
        if answer == CANCELLED:
            raise AnalysisCancelled()
        assert isinstance(answer, FactsAnswer)
        return answer

    def cancel(self) -> bool:
        """Ask the worker to drop its job; False where signals cannot do it (then only kill can)."""
        if not self.alive or not hasattr(signal, "SIGUSR1"):
            return False
        try:
            os.kill(self.process.pid, signal.SIGUSR1)
        except ProcessLookupError:
            return False
        return True

    async def _receive(self) -> Any:
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
            self._killed = True
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
        self._warming: Optional[asyncio.Task[None]] = None
        self._failures = 0
        self._released: list[asyncio.Future[None]] = []  # acquire() calls waiting for a busy worker
        self.closed = False
        # How long a worker takes to become ready (imports and warm-up), measured.
        self.start_seconds = 1.0

    def _semaphore(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        return self._slots

    def prewarm(self) -> None:
        """Start a worker in the background unless one is idle or starting, or the pool is full."""
        if self.closed or self._idle or len(self._all) >= self.size \
                or (self._warming is not None and not self._warming.done()):
            return
        self._warming = asyncio.ensure_future(self._warm())

    async def _warm(self) -> None:
        try:
            worker = await self._start()
        except WorkerUnavailable:
            return  # acquire() retries, then falls back
        if self.closed:
            worker.kill()
        else:
            self._idle.append(worker)

    async def _start(self) -> WorkerProcess:
        if self._failures >= 2:
            raise WorkerUnavailable("analysis workers failed to start twice")
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            worker = await WorkerProcess.start()
        except (OSError, WorkerDied, asyncio.TimeoutError) as error:
            self._failures += 1
            self._log(f"TensorLens: cannot start an analysis worker ({error}); "
                      + ("analyzing in the server process instead" if self._failures >= 2 else "retrying"))
            raise WorkerUnavailable(str(error)) from None
        self._failures = 0
        self._all.add(worker)
        self.start_seconds = loop.time() - started
        return worker

    async def acquire(self, preferred: Optional[WorkerProcess] = None, patience: float = 0.0) -> WorkerProcess:
        """A ready worker, waiting for one to be free; raises WorkerUnavailable.

        ``preferred`` is the worker that analyzed the document last: it holds the document's parse and
        recorded analyses, so it analyzes an edit in a fraction of a fresh worker's time. While it is
        busy (finishing or dropping the previous version) it is waited for up to ``patience`` seconds.
        """
        slots = self._semaphore()
        await slots.acquire()
        try:
            if preferred is not None:
                waited = await self._wait_for(preferred, patience)
                if waited:
                    self._idle.remove(preferred)
                    self._keep_a_spare()
                    return preferred
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive:
                        self._keep_a_spare()
                        return worker
                    self._all.discard(worker)
                if self._warming is not None and not self._warming.done():
                    await asyncio.shield(self._warming)
                    continue
                try:
                    worker = await self._start()
                except WorkerUnavailable:
                    if self._failures >= 2:
                        raise
                    continue
                self._keep_a_spare()
                return worker
        except BaseException:
            slots.release()
            raise

    async def _wait_for(self, worker: WorkerProcess, patience: float) -> bool:
        """True once ``worker`` is idle and alive (within ``patience`` seconds)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + patience
        while worker.alive and worker in self._all and not self.closed:
            if worker in self._idle:
                return True
            left = deadline - loop.time()
            if left <= 0:
                return False
            released = loop.create_future()
            self._released.append(released)
            try:
                await asyncio.wait_for(released, left)
            except asyncio.TimeoutError:
                return False
            finally:
                if released in self._released:
                    self._released.remove(released)
        return False

    def _keep_a_spare(self) -> None:
        """With one worker busy, have the next one ready, so a stale analysis can be dropped at once."""
        if len(self._all) < self.size:
            self.prewarm()

    def release(self, worker: WorkerProcess) -> None:
        """Give a worker back; a dead one is replaced in the background."""
        if worker.alive and not self.closed:
            self._idle.append(worker)
        else:
            self._all.discard(worker)
            worker.kill()
            self.prewarm()
        self._semaphore().release()
        waiting, self._released = self._released, []
        for released in waiting:
            if not released.done():
                released.set_result(None)

    def close(self) -> None:
        """Stop every worker (they also exit on their own when the server's end of the pipe closes)."""
        self.closed = True
        if self._warming is not None:
            self._warming.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._idle.clear()


def _exited(pid: int) -> bool:
    """Has the process ended though the event loop has not reaped it yet (a worker killed by the OS a moment
    ago looks alive until then, and a job handed to it dies with it)? Linux only; elsewhere: not known."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[-1].split()[:1]
    except FileNotFoundError:
        return sys.platform.startswith("linux")
    except OSError:
        return False
    return state == [b"Z"]

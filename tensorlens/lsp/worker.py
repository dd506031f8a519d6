"""The analysis worker: a child process that runs the engine for the server.

The engine is pure Python: an edit of a 1,000-line file costs tens of
milliseconds (the worker reparses only the statements it touched), a file's
first analysis hundreds, a huge file seconds; run in the server's process it
would hold the GIL and stall every other request. In its own process it runs on
another core, a crash or runaway recursion cannot take the server down, and a
stale analysis can be stopped by killing the process.

The pipe protocol is pickle frames with an 8-byte length prefix: the server
sends an :class:`AnalysisJob`, the worker answers an :class:`AnalysisResult`.
The worker's first frame, sent once its imports are done, says it is ready.
SIGUSR1 cancels the job under way (the answer is then :data:`CANCELLED`)
without losing the warm process; the libcst parser is native code, so a
cancel takes effect when the parse is over.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import struct
import sys
import time
import traceback
from dataclasses import dataclass, field
from types import FrameType
from typing import BinaryIO, Optional

from tensorlens.results import DirectiveWarning, Finding

_HEADER = struct.Struct(">Q")
READY = "ready"
CANCELLED = "cancelled"


class Cancelled(BaseException):
    """Raised in the worker by SIGUSR1: the server no longer wants the analysis under way."""


# True exactly while a job runs: a cancel signal that arrives later (the job just ended) is ignored.
_busy = False


def _on_cancel(signum: int, frame: Optional[FrameType]) -> None:
    if _busy:
        raise Cancelled()


@dataclass(frozen=True)
class AnalysisJob:
    source: str
    path: str
    codes: frozenset[str]  # the codes to report
    record_facts: bool = True
    max_seconds: float = 60.0  # CPU time (max-file-seconds): the Python part of the analysis stops there


FactRow = tuple[int, int, int, int, str, str]
"""A hover fact, flattened for the pipe: line, column, end_line, end_column, text, description."""


@dataclass
class AnalysisResult:
    findings: list[Finding] = field(default_factory=list)
    warnings: list[DirectiveWarning] = field(default_factory=list)  # problems with suppression comments
    facts: list[FactRow] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def encode(message: object) -> bytes:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(body)) + body


def header_size() -> int:
    return _HEADER.size


def body_size(header: bytes) -> int:
    size: int = _HEADER.unpack(header)[0]
    return size


_parser = None


def run_job(job: AnalysisJob) -> AnalysisResult:
    """Analyze one document and drop its suppressed findings, as `check` does; never raises."""
    from tensorlens.check.limits import TimeLimitExceeded, cpu_time_limit

    started = time.perf_counter()
    result = AnalysisResult()
    try:
        with cpu_time_limit(job.max_seconds, hard=False):
            _analyze_into(result, job)
    except TimeLimitExceeded:
        result = AnalysisResult(internal_errors=[
            f"{job.path}: not analyzed: the analysis took more than {job.max_seconds:g} s of CPU time "
            f"(max-file-seconds)"])
    except BaseException as error:  # a RecursionError or MemoryError must not kill the worker
        if isinstance(error, (KeyboardInterrupt, SystemExit, Cancelled)):
            raise
        frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        where = f" ({os.path.basename(frame.filename)}:{frame.lineno})" if frame else ""
        result.internal_errors.append(f"{job.path}: analysis failed: {type(error).__name__}: {error}{where}")
    result.seconds = time.perf_counter() - started
    return result


def _analyze_into(result: AnalysisResult, job: AnalysisJob) -> None:
    from tensorlens.analysis.engine import analyze_source
    from tensorlens.analysis.incremental import IncrementalParser
    from tensorlens.project import suppression
    from tensorlens.rules import select_rules

    global _parser
    if _parser is None:
        _parser = IncrementalParser()  # this process's previous parse of each document: edits reparse a part
    head = suppression.file_directive(job.source)
    codes = frozenset() if head.ignores_file() else job.codes - (head.file_codes or frozenset())
    if not codes and not job.record_facts:
        return
    analysis = analyze_source(job.source, job.path, select_rules(codes), record_facts=job.record_facts,
                              parser=_parser)
    # TL000 comes from the parser, not a rule class: it is selected like a rule, as in `check`.
    findings = [f for f in analysis.findings if f.code in codes]
    if suppression.needs_scan(job.source, bool(findings)):
        directives = suppression.scan(job.source)
        findings = directives.filter(findings)
        result.warnings = list(directives.warnings)
    result.findings = findings
    result.facts = [(f.span.line, f.span.column, f.span.end_line, f.span.end_column, f.text,
                     f.description) for f in analysis.facts]
    result.internal_errors = list(analysis.internal_errors)


class IdleCollector:
    """Collect garbage between jobs, never during one.

    The worker keeps large structures alive (each document's parse, positions
    and recorded function analyses); a full collection triggered in the middle
    of an analysis scanned all of them and tripled that keystroke's latency.
    Automatic collection is off; after each answer a collection of what is new
    runs and the survivors are frozen (a full collection skips them), and every
    ``FULL_EVERY`` jobs everything is thawed and collected once.
    """

    FULL_EVERY = 50

    def __init__(self) -> None:
        gc.collect()
        gc.freeze()
        gc.disable()
        self.jobs = 0

    def after_job(self) -> None:
        self.jobs += 1
        if self.jobs % self.FULL_EVERY == 0:
            gc.unfreeze()
        gc.collect()
        gc.freeze()


def _read_exactly(stream: BinaryIO, size: int) -> Optional[bytes]:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _die_with_the_server() -> None:
    """Linux: be killed when the server dies, even by SIGKILL, rather than finish a minute-long analysis."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # without it the worker still exits when its pipe closes


def main() -> int:
    _die_with_the_server()
    if hasattr(signal, "SIGUSR1"):
        signal.signal(signal.SIGUSR1, _on_cancel)
    # The pipe to the server is the original stdout; anything printed goes to stderr instead.
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    requests = sys.stdin.buffer
    # Import the engine and every rule now, and warm them up, so the first real job is fast.
    from tensorlens.catalogue import CATALOGUE

    run_job(AnalysisJob("import torch\nx = torch.zeros(1, requires_grad=True)\nx.add_(1)  # noqa: TL101\n",
                        "<warm-up>", frozenset(CATALOGUE)))
    collector = IdleCollector()
    channel.write(encode(READY))
    channel.flush()
    while True:
        header = _read_exactly(requests, _HEADER.size)
        if header is None:
            return 0
        body = _read_exactly(requests, body_size(header))
        if body is None:
            return 0
        job = pickle.loads(body)
        global _busy
        _busy = True
        reply: AnalysisResult | str
        try:
            reply = run_job(job)
            _busy = False
        except Cancelled:
            _busy = False
            reply = CANCELLED
        channel.write(encode(reply))
        channel.flush()
        collector.after_job()


if __name__ == "__main__":
    raise SystemExit(main())

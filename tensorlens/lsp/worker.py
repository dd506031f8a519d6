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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from types import FrameType
from typing import BinaryIO, Optional, TypeVar

from tensorlens.results import DirectiveWarning, FileAnalysis, Finding

T = TypeVar("T")
_HEADER = struct.Struct(">Q")
READY = "ready"
CANCELLED = "cancelled"


class Cancelled(BaseException):
    """Raised in the worker by SIGUSR1: the server no longer wants the analysis under way."""


# True exactly while a job runs: a cancel signal that arrives later (the job just ended) is ignored.
_busy = False
# Set with the cancel: code that turns any exception into another (libcst's position resolution
# raises KeyError from a `finally` the cancel went through) must not make the cancel look like a failure.
_cancelled = False


def _on_cancel(signum: int, frame: Optional[FrameType]) -> None:
    global _cancelled
    if _busy:
        _cancelled = True
        raise Cancelled()


def _stage(run: Callable[[], T]) -> T:
    """Run one stage of a job as cancellable; raises Cancelled however the cancel surfaced."""
    global _busy, _cancelled
    _cancelled = False
    try:
        _busy = True
        answer = run()
    finally:
        _busy = False
    if _cancelled:
        raise Cancelled()
    return answer


@dataclass(frozen=True)
class AnalysisJob:
    source: str
    path: str
    codes: frozenset[str]  # the codes to report
    record_facts: bool = True
    src: tuple[str, ...] = ()  # the project's configured import roots (``src`` in [tool.tensorlens])
    max_seconds: float = 60.0  # CPU time (max-file-seconds) of each stage: the Python part stops there


FactRow = tuple[int, int, int, int, str, str]
"""A hover fact, flattened for the pipe: line, column, end_line, end_column, text, description."""


@dataclass
class AnalysisResult:
    findings: list[Finding] = field(default_factory=list)
    warnings: list[DirectiveWarning] = field(default_factory=list)  # problems with suppression comments
    facts: list[FactRow] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    facts_pending: bool = False  # the hover facts follow in a second answer (a FactsAnswer)
    memory_bytes: int = 0  # the worker's resident memory after the job (0 where it cannot be read)


def encode(message: object) -> bytes:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(body)) + body


def header_size() -> int:
    return _HEADER.size


def body_size(header: bytes) -> int:
    size: int = _HEADER.unpack(header)[0]
    return size


_parser = None
_modules = None


def run_job(job: AnalysisJob) -> AnalysisResult:
    """Analyze one document and drop its suppressed findings, as `check` does; never raises."""
    result, facts_stage = start_job(job)
    if facts_stage is not None:
        answer = facts_stage()
        result.facts = answer.facts
        result.internal_errors += answer.internal_errors
        result.facts_pending = False
    return result


FactsStage = Callable[[], "FactsAnswer"]


def start_job(job: AnalysisJob) -> tuple[AnalysisResult, Optional[FactsStage]]:
    """The findings of a job now (``facts_pending`` set when hover facts are to come), and the stage
    that resolves the hover facts, or None; never raises."""
    from tensorlens.check.limits import TimeLimitExceeded, cpu_time_limit

    started = time.perf_counter()
    result = AnalysisResult()
    facts_stage: Optional[FactsStage] = None
    try:
        with cpu_time_limit(job.max_seconds, hard=False):
            facts_stage = _analyze_into(result, job)
    except TimeLimitExceeded:
        result = AnalysisResult(internal_errors=[
            f"{job.path}: not analyzed: the analysis took more than {job.max_seconds:g} s of CPU time "
            f"(max-file-seconds)"])
    except BaseException as error:  # a RecursionError or MemoryError must not kill the worker
        if isinstance(error, (KeyboardInterrupt, SystemExit, Cancelled)):
            raise
        result.internal_errors.append(_failure(job.path, error))
        facts_stage = None
    result.seconds = time.perf_counter() - started
    result.memory_bytes = resident_bytes()
    result.facts_pending = facts_stage is not None
    return result, facts_stage


def _analyze_into(result: AnalysisResult, job: AnalysisJob) -> Optional[FactsStage]:
    """Put the job's findings into ``result``; the stage that resolves its hover facts, if asked for."""
    from tensorlens.analysis.engine import analyze_in_stages
    from tensorlens.analysis.incremental import IncrementalParser
    from tensorlens.lsp.imports import WorkerModules
    from tensorlens.project import suppression
    from tensorlens.rules import select_rules

    global _parser, _modules
    if _modules is None:
        _modules = WorkerModules()
    # A changed project module can change any function's analysis: the recorded ones go with the summaries.
    if _modules.refresh() or _parser is None:
        _parser = IncrementalParser()  # this process's previous parse of each document: edits reparse a part
    head = suppression.file_directive(job.source)
    codes = frozenset() if head.ignores_file() else job.codes - (head.file_codes or frozenset())
    if not codes and not job.record_facts:
        return None
    # A document saved as a file is analyzed in its project: what it imports from the project counts.
    project = _modules.context(job.path, job.src) if os.path.isfile(job.path) else None
    analysis, resolve_facts = analyze_in_stages(job.source, job.path, select_rules(codes),
                                                record_facts=job.record_facts, parser=_parser, project=project)
    # TL000 comes from the parser, not a rule class: it is selected like a rule, as in `check`.
    # A finding the document's code causes in an imported module belongs to that file's own check.
    findings = [f for f in analysis.findings if f.code in codes and f.path == job.path]
    if suppression.needs_scan(job.source, bool(findings)):
        directives = suppression.scan(job.source)
        findings = directives.filter(findings)
        result.warnings = list(directives.warnings)
    result.findings = findings
    result.internal_errors = list(analysis.internal_errors)
    return partial(_facts, job, analysis, resolve_facts) if job.record_facts else None


@dataclass
class FactsAnswer:
    """The second answer to a job: its hover facts."""

    facts: list[FactRow]
    internal_errors: list[str]


def _facts(job: AnalysisJob, analysis: FileAnalysis, resolve: Callable[[], None]) -> FactsAnswer:
    from tensorlens.check.limits import TimeLimitExceeded, cpu_time_limit

    errors_before = len(analysis.internal_errors)
    try:
        with cpu_time_limit(job.max_seconds, hard=False):
            resolve()
    except TimeLimitExceeded:
        return FactsAnswer([], [f"{job.path}: no hovers: resolving them took more than {job.max_seconds:g} s "
                                f"of CPU time (max-file-seconds)"])
    except BaseException as error:
        if isinstance(error, (KeyboardInterrupt, SystemExit, Cancelled)):
            raise
        return FactsAnswer([], [_failure(job.path, error)])
    rows = [(f.span.line, f.span.column, f.span.end_line, f.span.end_column, f.text, f.description)
            for f in analysis.facts]
    return FactsAnswer(rows, analysis.internal_errors[errors_before:])


def _failure(path: str, error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" ({os.path.basename(frame.filename)}:{frame.lineno})" if frame else ""
    return f"{path}: analysis failed: {type(error).__name__}: {error}{where}"


def resident_bytes() -> int:
    """This process's resident memory now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


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
        for reply in _answers(job):
            channel.write(encode(reply))
            channel.flush()
        collector.after_job()


def _answers(job: AnalysisJob) -> Iterator[object]:
    """The findings, then (when asked for) the hover facts; a cancel answers CANCELLED instead of the rest."""
    try:
        result, facts_stage = _stage(partial(start_job, job))
    except Cancelled:
        yield CANCELLED
        return
    yield result
    if facts_stage is None:
        return
    try:
        answer: FactsAnswer | str = _stage(facts_stage)
    except Cancelled:
        answer = CANCELLED
    yield answer


if __name__ == "__main__":
    raise SystemExit(main())

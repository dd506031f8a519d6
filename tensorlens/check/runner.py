"""Check many files: cached results first, then analysis of the rest (in this process or across cores).

Per file: read the bytes, look the content up in the cache; on a miss decode
the text, honour ``# tensorlens: ignore-file``, analyze, drop suppressed
findings, and store the result. The engine (and libcst) is imported only when
some file misses the cache.

Where processes can be forked (Linux), analyses run in worker processes even
for one small file: a fork costs milliseconds, and there the per-file time
limit stops a runaway native parse and a crash takes only its worker down
(the file to blame is then checked again alone, and named). Elsewhere, worker
processes start only when the misses are big enough to pay for them.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from tensorlens.catalogue import CATALOGUE
from tensorlens.check.cache import Cache, content_digest
from tensorlens.check.limits import FileLimits, TimeLimitExceeded, cpu_time_limit
from tensorlens.check.notebooks import check_notebook, is_notebook
from tensorlens.check.reading import NotASourceFile, TooLarge, read_source_bytes
from tensorlens.project import suppression
from tensorlens.project.files import SourceFile
from tensorlens.results import DirectiveWarning, Finding, Span

if TYPE_CHECKING:
    from tensorlens.analysis.engine import ProjectContext
    from tensorlens.results import FileAnalysis

# Below this much source to analyze, worker start-up costs more than it saves.
PARALLEL_THRESHOLD_BYTES = 400_000


@dataclass
class CheckedFile:
    """One file's outcome: reported findings, problems with its suppression comments, internal errors."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    warnings: list[DirectiveWarning] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    digest: Optional[str] = None  # of the bytes analyzed; None when they could not be read
    notes: list[str] = field(default_factory=list)  # skipped, but not an error (a FIFO named *.py)


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_files(files: Sequence[SourceFile], codes: Sequence[frozenset[str]], jobs: Optional[int] = None,
                cache: Optional[Cache] = None, limits: Optional[Sequence[FileLimits]] = None) -> list[CheckedFile]:
    """Check ``files[i]`` with the rule codes ``codes[i]`` under ``limits[i]`` (the defaults when None);
    results in file order."""
    file_limits = list(limits) if limits is not None else [FileLimits()] * len(files)
    results: list[Optional[CheckedFile]] = [None] * len(files)
    misses: list[int] = []
    digests: dict[Path, Optional[str]] = {}  # the project modules' bytes, read once for every importer
    for index, (source_file, file_codes) in enumerate(zip(files, codes)):
        hit = _cached(cache, source_file, file_codes, file_limits[index], digests) if cache is not None else None
        if hit is not None:
            results[index] = hit
        else:
            misses.append(index)
    work = [(files[i].display, str(files[i].path), codes[i], file_limits[i], _src(files[i])) for i in misses]
    for index, checked in zip(misses, _run(work, jobs)):
        results[index] = checked
        # A notebook's findings name their cells, which the cache (keyed by file) does not keep.
        if cache is not None and checked.digest is not None and not checked.internal_errors \
                and not is_notebook(checked.path):
            cache.store(checked.digest, codes[index], checked.findings, checked.warnings, checked.path)
    return [r for r in results if r is not None]


def merged_findings(checked: Sequence[CheckedFile]) -> list[Finding]:
    """Every file's findings once, file by file in the order checked: a finding one file's calls cause in
    another module of the project joins that module's own (and is reported once however many files cause it)."""
    order: dict[str, int] = {}
    for result in checked:
        order.setdefault(result.path, len(order))
    unique: dict[tuple[str, int, int, str], Finding] = {}
    for result in checked:
        for finding in result.findings:
            unique.setdefault((finding.path, finding.span.line, finding.span.column, finding.code), finding)
    return sorted(unique.values(), key=lambda f: (order.get(f.path, len(order)), f.path, f.span.line,
                                                   f.span.column, f.code))


def analyze_files(files: Sequence[SourceFile], codes: Optional[Sequence[str]], jobs: Optional[int] = None
                  ) -> list[CheckedFile]:
    """Check ``files`` with the rules ``codes`` (all when None), uncached, in file order."""
    selected = frozenset(CATALOGUE if codes is None else codes)
    return check_files(files, [selected] * len(files), jobs)


def check_file(display: str, path: str, codes: frozenset[str], limits: Optional[FileLimits] = None,
               src: Sequence[str] = ()) -> CheckedFile:
    """Read, analyze and apply the suppressions of one file; every failure is an internal error, not an exception.

    The file is analyzed inside its project (``src``: the configured import roots): what it imports from the
    project's own modules brings their facts."""
    limits = limits or FileLimits()
    result = CheckedFile(display)
    try:
        data = read_source_bytes(path, limits)
    except NotASourceFile as note:
        result.notes.append(f"{display}: {note}")
        return result
    except TooLarge as problem:
        return _not_analyzed(result, str(problem))
    except OSError as error:
        return _not_analyzed(result, f"cannot read: {error.strerror or error}")
    result.digest = _key_digest(data, Path(path), src, {})
    if is_notebook(path):
        try:
            with cpu_time_limit(limits.max_seconds, hard=_IN_WORKER):
                check_notebook(data, display, codes, result, project_context(Path(path), src))
        except TimeLimitExceeded:
            result.findings.clear()
            result.warnings.clear()
            return _not_analyzed(result, limits.time_problem())
        return result
    try:
        text = decode_source(data)
    except (UnicodeDecodeError, SyntaxError, LookupError):
        # Python itself refuses to read it (not UTF-8 without a declaration, an unknown encoding): a TL000
        # in Python's words, as `python file.py` would say it.
        _syntax_error_of_bytes(data, display, codes, result)
        return result
    density = limits.density_problem(text)
    if density is not None:
        return _not_analyzed(result, density)
    try:
        with cpu_time_limit(limits.max_seconds, hard=_IN_WORKER):
            check_text(text, display, codes, result, project_context(Path(path), src))
    except TimeLimitExceeded:
        result.findings.clear()  # whatever the analysis had reported before it was stopped
        result.warnings.clear()
        return _not_analyzed(result, limits.time_problem())
    except Exception as error:  # the engine catches its own; this is the last line of defence
        result.internal_errors.append(f"{display}: internal error while checking: {type(error).__name__}: {error}")
    return result


def _not_analyzed(result: CheckedFile, reason: str) -> CheckedFile:
    result.internal_errors.append(f"{result.path}: {reason}")
    return result


def _syntax_error_of_bytes(data: bytes, display: str, codes: frozenset[str], result: CheckedFile) -> None:
    from tensorlens.analysis.guard import python_error

    error = python_error(data, display)
    if error is None:  # Python reads it after all (it should not): say what went wrong plainly
        result.internal_errors.append(f"{display}: cannot decode it as Python source; skipped")
        return
    if "TL000" in codes:
        span = Span(error.line, error.column, error.line, error.column + 1)
        result.findings.append(Finding(display, span, "TL000", f"syntax error: {error.message}"))


def decode_source(data: bytes) -> str:
    """Bytes to text as Python reads source: a BOM or an encoding declaration, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def _encoding_name(encoding: str) -> str:
    return "UTF-8" if encoding.replace("-", "").lower() in ("utf8", "utf8sig") else encoding


def check_text(text: str, display: str, codes: frozenset[str], result: CheckedFile,
               project: Optional[ProjectContext] = None) -> None:
    """Check one file's text as `check` does (file directives, rules, suppressions) into ``result``."""
    head = suppression.file_directive(text)
    if head.ignores_file():
        return
    run_codes = codes - head.file_codes if head.file_codes else codes
    analysis = _analyze(text, display, run_codes, project)
    findings = [f for f in analysis.findings if f.code in run_codes and f.path == display]
    result.internal_errors.extend(analysis.internal_errors)
    if suppression.needs_scan(text, bool(findings)):
        directives = suppression.scan(text)
        findings = directives.filter(findings)
        result.warnings.extend(directives.warnings)
    result.findings.extend(findings)
    # Findings this file's calls cause in another module of the project: that file's comments suppress them.
    for elsewhere in sorted({f.path for f in analysis.findings if f.path != display}):
        theirs = [f for f in analysis.findings if f.path == elsewhere and f.code in codes]
        result.findings.extend(_suppressed_there(elsewhere, theirs))


def _suppressed_there(path: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` in the file at ``path`` that its own suppression comments and ``ignore-file`` leave."""
    try:
        with open(path, "rb") as handle:
            text = decode_source(handle.read())
    except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
        return findings
    head = suppression.file_directive(text)
    if head.ignores_file():
        return []
    if head.file_codes:
        findings = [f for f in findings if f.code not in head.file_codes]
    return suppression.scan(text).filter(findings) if suppression.needs_scan(text, bool(findings)) else findings


def _analyze(text: str, display: str, codes: frozenset[str], project: Optional[ProjectContext]) -> FileAnalysis:
    from tensorlens.analysis.engine import analyze_source
    from tensorlens.rules import select_rules

    return analyze_source(text, display, select_rules(codes), project=project)


def project_context(path: Path, src: Sequence[str]) -> ProjectContext:
    """The file's place in its project (imported here: a run the cache answers never loads the engine)."""
    from tensorlens.check.imports import project_context as context

    return context(path, src)


def _key_digest(data: bytes, path: Path, src: Sequence[str], digests: dict[Path, Optional[str]]) -> str:
    """What a file's cached results are keyed by: its bytes, and those of the project modules it imports."""
    from tensorlens.check.imports import dependency_digest

    own = content_digest(data)
    dependencies = dependency_digest(path, src, digests)
    return own if not dependencies else content_digest(f"{own}+{dependencies}".encode())


def _src(source_file: SourceFile) -> tuple[str, ...]:
    return source_file.config.src if source_file.config is not None else ()


def _cached(cache: Cache, source_file: SourceFile, codes: frozenset[str], limits: FileLimits,
            digests: dict[Path, Optional[str]]) -> Optional[CheckedFile]:
    if is_notebook(str(source_file.path)):
        return None
    try:
        data = read_source_bytes(str(source_file.path), limits)
    except (OSError, NotASourceFile, TooLarge):
        return None  # the analysis reports it
    digest = _key_digest(data, Path(source_file.path), _src(source_file), digests)
    entry = cache.load(digest, codes, source_file.display)
    if entry is None:
        return None
    findings, warnings = entry
    return CheckedFile(source_file.display, findings, warnings, digest=digest)


Work = tuple[str, str, frozenset[str], FileLimits, tuple[str, ...]]

# True in a worker process: the CPU-time limit may end the process itself, native code included.
_IN_WORKER = False


def _become_worker(parent: int) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """A worker whose `check` was killed (a CI timeout, kill -9) must not wait for work for ever: on Linux the
    kernel ends it with its parent (``parent``: its pid, taken before the fork)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _check_chunk(chunk: list[Work]) -> list[CheckedFile]:
    return [check_file(display, path, codes, limits, src) for display, path, codes, limits, src in chunk]


def _forking() -> Any:
    """The fork start method where it is the platform's own (Linux), else None.

    Forked workers need no interpreter start and no imports, and run no code
    from the folder being checked (a spawned one puts it on sys.path).
    """
    if not sys.platform.startswith("linux"):
        return None
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _run(work: list[Work], jobs: Optional[int]) -> list[CheckedFile]:
    if not work:
        return []
    jobs = jobs or default_jobs()
    total = sum(_size(path) for _, path, _, _, _ in work)
    small = jobs <= 1 or len(work) < 2 or total < PARALLEL_THRESHOLD_BYTES
    context = _forking()
    if small and context is None:
        return _check_chunk(work)
    workers = 1 if small else jobs
    # Interleave files over chunks so each worker gets a similar share of big files.
    chunk_count = min(len(work), workers * 4)
    chunks = [work[i::chunk_count] for i in range(chunk_count)]
    results: dict[str, CheckedFile] = {}
    # Imported here: a run that the cache answers whole never pays for multiprocessing's import.
    from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_become_worker,
                                 initargs=(os.getpid(),)) as pool:
            for chunk_result in pool.map(_check_chunk, chunks):
                for checked in chunk_result:
                    results[checked.path] = checked
    except BrokenProcessPool:
        # A worker died (its file ran out of time, out of memory, a crash in native code): check what is
        # left one file per process, so that the file to blame is named and the run goes on.
        for item in work:
            if item[0] not in results:
                results[item[0]] = _check_alone(item, context)
    except (OSError, NotImplementedError):
        # No worker processes on this system (no /dev/shm, a sandbox): check here instead.
        return _check_chunk(work)
    return [results[display] for display, _, _, _, _ in work]


def _check_alone(item: Work, context: Any) -> CheckedFile:
    """One file in a process of its own; how that process ended says what became of a file that killed it."""
    import multiprocessing

    context = context or multiprocessing.get_context()
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_check_in_child, args=(item, sending, os.getpid()), daemon=True)
    process.start()
    sending.close()
    try:
        checked: Optional[CheckedFile] = receiving.recv()
    except EOFError:
        checked = None
    finally:
        receiving.close()
        process.join()
    if checked is not None:
        return checked
    display, _, _, limits, _ = item
    if process.exitcode == -signal.SIGVTALRM:
        return _not_analyzed(CheckedFile(display), limits.time_problem())
    how = f"signal {-process.exitcode}" if process.exitcode and process.exitcode < 0 else \
        f"exit code {process.exitcode}"
    return CheckedFile(display, internal_errors=[
        f"{display}: internal error: the analyzer process died on this file ({how}: a crash in native code, or "
        f"out of memory); skipped"])


def _check_in_child(item: Work, sending: Any, parent: int) -> None:
    _become_worker(parent)
    sending.send(_check_chunk([item])[0])
    sending.close()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0

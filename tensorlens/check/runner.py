"""Analyze many files: in this process for a few, across all cores for many."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Optional, Sequence

from tensorlens.analysis.engine import FileAnalysis, analyze_source, select_rules
from tensorlens.check.files import SourceFile

# Below this much source, worker start-up costs more than it saves.
PARALLEL_THRESHOLD_BYTES = 400_000


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyze_file(display: str, path: str, codes: Optional[Sequence[str]]) -> FileAnalysis:
    """Read and analyze one file; unreadable files become internal errors, never exceptions."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        result = FileAnalysis(display)
        result.internal_errors.append(f"{display}: not UTF-8 text ({error.reason} at byte {error.start}); skipped")
        return result
    except OSError as error:
        result = FileAnalysis(display)
        result.internal_errors.append(f"{display}: cannot read: {error.strerror or error}")
        return result
    return analyze_source(source, display, select_rules(codes))


def _analyze_chunk(chunk: list[tuple[str, str]], codes: Optional[list[str]]) -> list[FileAnalysis]:
    return [analyze_file(display, path, codes) for display, path in chunk]


def analyze_files(files: Sequence[SourceFile], codes: Optional[Sequence[str]], jobs: Optional[int] = None
                  ) -> list[FileAnalysis]:
    """Analyze ``files`` with the rules ``codes`` (all when None), in file order."""
    jobs = jobs or default_jobs()
    code_list = list(codes) if codes is not None else None
    work = [(f.display, str(f.path)) for f in files]
    total = sum(_size(path) for _, path in work)
    if jobs <= 1 or len(work) < 2 or total < PARALLEL_THRESHOLD_BYTES:
        return _analyze_chunk(work, code_list)
    # Interleave files over chunks so each worker gets a similar share of big files.
    chunk_count = min(len(work), jobs * 4)
    chunks = [work[i::chunk_count] for i in range(chunk_count)]
    results: dict[str, FileAnalysis] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk_result in pool.map(_analyze_chunk, chunks, [code_list] * len(chunks)):
            for analysis in chunk_result:
                results[analysis.path] = analysis
    return [results[display] for display, _ in work]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0

"""Per-file limits: how big a file may be, how dense, and how long its analysis may take.

libcst spends about 2 KB of memory and tens of microseconds per token, in
native code no signal interrupts: a 5 MB one-line file took 103 s and
10.2 GB. So a file is analyzed only when it is at most ``max-file-size``
bytes (default 2 MB, above the largest file of the torch package, 1.4 MB) and
holds at most one token per :data:`BYTES_PER_TOKEN` bytes of that size (real
code has one per 4 to 6 bytes; a minified or generated one-liner one per 1 or
2). Its analysis may take ``max-file-seconds`` of CPU time (default 60): in a
worker process the kernel stops it there, native parse included; in the
checking process itself the Python part of the analysis is stopped.
Both are ``[tool.tensorlens]`` keys and ``check`` options.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Optional

from tensorlens.project.config import ProjectConfig

DEFAULT_MAX_FILE_BYTES = 2_000_000
DEFAULT_MAX_FILE_SECONDS = 60.0
BYTES_PER_TOKEN = 4

# Words and single punctuation characters: close enough to Python's tokens to price a file.
_TOKEN = re.compile(r"\w+|[^\w\s]")


class TimeLimitExceeded(BaseException):
    """Raised in the Python part of an analysis that ran out of CPU time (a BaseException: the engine's
    ``except Exception`` handlers must let it through)."""


@dataclass(frozen=True)
class FileLimits:
    """The limits one file is checked under."""

    max_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_seconds: float = DEFAULT_MAX_FILE_SECONDS

    @property
    def max_tokens(self) -> int:
        return self.max_bytes // BYTES_PER_TOKEN

    def size_problem(self, size: int) -> Optional[str]:
        """Why a file of ``size`` bytes is not analyzed, or None."""
        if size <= self.max_bytes:
            return None
        return (f"not analyzed: {_megabytes(size)}, more than max-file-size ({_megabytes(self.max_bytes)}); "
                f"raise it in [tool.tensorlens] or with --max-file-size to check it")

    def density_problem(self, text: str) -> Optional[str]:
        """Why a text too dense in tokens is not analyzed, or None (counted only for texts that could be)."""
        if len(text) <= self.max_tokens:
            return None
        tokens = len(_TOKEN.findall(text))
        if tokens <= self.max_tokens:
            return None
        return (f"not analyzed: about {tokens:,} tokens in {_megabytes(len(text))}, more than the {self.max_tokens:,} "
                f"a file of max-file-size ({_megabytes(self.max_bytes)}) may hold; minified or generated code?")

    def time_problem(self) -> str:
        return (f"not analyzed: the analysis took more than {self.max_seconds:g} s of CPU time "
                f"(max-file-seconds); skipped")


def limits_for(config: Optional[ProjectConfig], max_bytes: Optional[int] = None,
               max_seconds: Optional[float] = None) -> FileLimits:
    """The limits of a file governed by ``config``; the command line's values (when given) win."""
    return FileLimits(
        max_bytes or (config.max_file_size if config is not None else None) or DEFAULT_MAX_FILE_BYTES,
        max_seconds or (config.max_file_seconds if config is not None else None) or DEFAULT_MAX_FILE_SECONDS)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


@contextmanager
def cpu_time_limit(seconds: float, hard: bool) -> Iterator[None]:
    """Stop what runs inside after ``seconds`` of this process's CPU time.

    ``hard``: the kernel ends the process (SIGVTALRM's default action), even
    inside native code; only for a worker process whose parent notices.
    Otherwise :class:`TimeLimitExceeded` is raised in the Python code that
    runs when the time is up. Outside the main thread (signals cannot be
    used there) nothing is limited.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGVTALRM, signal.SIG_DFL if hard else _out_of_time)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _out_of_time(signum: int, frame: Any) -> None:
    raise TimeLimitExceeded()

"""Reading a file named ``*.py`` without trusting it to be a source file.

A FIFO named ``train.py`` blocks a plain ``open()`` for ever, a link to
``/dev/zero`` reads until memory runs out, a link loop fails inside path
resolution. The file is opened without blocking, looked at through its
descriptor (so it cannot be swapped between the look and the read), and read
only when it is a regular file within the size limit.
"""

from __future__ import annotations

import errno
import os
import stat

from tensorlens.check.limits import FileLimits

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class NotASourceFile(Exception):
    """Not a regular file (a FIFO, a device, a link loop): skipped with a note, not an error."""


class TooLarge(Exception):
    """A regular file over the size limit: not analyzed, an error for that file."""


def read_source_bytes(path: str, limits: FileLimits) -> bytes:
    """The bytes of the regular file at ``path``; raises NotASourceFile, TooLarge or OSError."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotASourceFile("a symlink loop, not a file; skipped") from None
        if error.errno == errno.ENXIO:  # a FIFO opened for reading without a writer, or a socket
            raise NotASourceFile("not a regular file; skipped") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = next((name for test, name in _KINDS if test(status.st_mode)), "not a regular file")
            raise NotASourceFile(f"{kind}, not a regular file; skipped")
        problem = limits.size_problem(status.st_size)
        if problem is None:
            data = handle.read(limits.max_bytes + 1)  # it may have grown since fstat
            problem = limits.size_problem(len(data))
        if problem is not None:
            raise TooLarge(problem)
        return data

"""Writing a fixed file so that no outcome loses what was there.

The new text goes to a temporary file in the same folder, is flushed to disk
(fsync), gets the original's mode and owner, and only then replaces the
original with one ``rename`` (atomic on POSIX). So a full disk, a crash or a
``kill -9`` at any step leaves either the old file or the new one, never a
file cut short; at worst a temporary ``.NAME.tensorlens-*.tmp`` stays beside it.

Before the rename the file is read once more: if its bytes are no longer the
ones the fix was computed from (an editor saved it meanwhile), nothing is
written. A file is written only where it really lives inside the paths the
run was given: a symlink that leads out of them is refused, one that stays
inside is followed (the link stays a link). Read-only files are refused
(even for root, who could write them). Every refusal is a
:class:`WriteRefused` naming the reason; the caller reports it per file and
goes on.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Optional

Step = Callable[[str], None]
"""Called with the name of each step as it is reached ("temporary-written", "synced", "attributes-set",
"checked", "replaced"); tests use it to race an editor or kill the process between two steps."""

STEPS = ("temporary-written", "synced", "attributes-set", "checked", "replaced")


class WriteRefused(Exception):
    """The file was left as it was; the message says why (one clause, no path)."""


def is_inside(real_path: str, roots: Sequence[str]) -> bool:
    """Is ``real_path`` (already resolved) one of ``roots`` or below one of them (also resolved)?"""
    for root in roots:
        if real_path == root or real_path.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def checked_roots(paths: Sequence[str]) -> list[str]:
    """The real locations of the paths a run was given: what ``--fix`` may write below."""
    return [os.path.realpath(path) for path in paths]


def write_atomically(path: Path, data: bytes, expected: bytes, roots: Sequence[str],
                     on_step: Optional[Step] = None) -> None:
    """Replace the file at ``path`` (whose content must still be ``expected``) with ``data``.

    Raises :class:`WriteRefused` when the file is left untouched for a reason
    the user can act on (it changed, it is read-only, a link leads out of
    ``roots``, the disk is full...).
    """
    step = on_step or _no_step
    real = os.path.realpath(path)
    if not is_inside(real, roots):
        raise WriteRefused(f"it is a link to {real}, outside the checked paths; not fixed")
    try:
        status = os.stat(real)
    except OSError as error:
        raise WriteRefused(f"cannot look at it again: {error.strerror or error}; not fixed") from None
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefused("it is no longer a regular file; not fixed")
    if not status.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise WriteRefused("it is read-only; not fixed")
    folder, name = os.path.split(real)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.tensorlens-", suffix=".tmp")
    except OSError as error:
        raise WriteRefused(f"cannot create a file beside it: {_reason(error)}; not fixed") from None
    try:
        try:
            _fill(handle, data, status, step)
        finally:
            os.close(handle)
        if _current_bytes(real) != expected:
            raise WriteRefused("it changed on disk while it was being fixed (saved by an editor?); not fixed, "
                               "run again")
        step("checked")
        os.rename(temporary, real)
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError):
            raise WriteRefused(f"cannot write it: {_reason(error)}; left as it was") from None
        raise
    step("replaced")
    _sync_folder(folder)


def _fill(handle: int, data: bytes, original: os.stat_result, on_step: Step) -> None:
    """Write, flush to disk and give the temporary file the original's mode and owner."""
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]
    on_step("temporary-written")
    os.fsync(handle)  # a full disk on a delayed allocation shows up here, before the original is touched
    on_step("synced")
    os.fchmod(handle, stat.S_IMODE(original.st_mode))
    mine = os.fstat(handle)
    if (mine.st_uid, mine.st_gid) != (original.st_uid, original.st_gid):
        try:
            os.fchown(handle, original.st_uid, original.st_gid)
        except PermissionError:
            if mine.st_uid != original.st_uid:
                raise WriteRefused("it belongs to another user, and replacing it would change its owner; "
                                   "not fixed") from None
            # Only the group differs (a setgid folder, a group we are not in): keep ours, as editors do.
    on_step("attributes-set")


def _no_step(step: str) -> None:
    """The default step hook: nothing happens between steps."""


def _current_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; not every file system can (then the rename stands anyway)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    return error.strerror or str(error)

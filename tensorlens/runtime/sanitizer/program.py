"""Running the user's program the way ``python script.py`` / ``python -m module`` would.

The program sees its own ``sys.argv``, ``__name__ == "__main__"`` and
``sys.path[0]``; an uncaught exception goes through ``sys.excepthook`` with
TensorLens's and runpy's frames cut from the traceback, and the exit status
is the one Python would have given.
"""

from __future__ import annotations

import importlib.util
import os
import runpy
import sys
from dataclasses import dataclass, field
from types import TracebackType

_OWN_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_RUNPY_FILE = os.path.abspath(runpy.__file__)


@dataclass(frozen=True)
class Program:
    """A script path or a module name, and the arguments it is given."""

    script: str | None = None
    module: str | None = None
    args: list[str] = field(default_factory=list)

    def problem(self) -> str | None:
        """Why the program cannot be started (a usage error), or None."""
        if self.script is not None:
            if not os.path.isfile(self.script):
                return f"can't open file {self.script!r}: no such file"
            return None
        # Looked up where `run` will run it: with the current folder first on the path, as `python -m` does
        # (the `tensorlens` console script starts with its own folder there instead).
        saved_path = sys.path[:]
        _set_path0(os.getcwd())
        try:
            spec = importlib.util.find_spec(self.module or "")
        except (ImportError, ValueError) as exc:
            return f"no module named {self.module!r} ({exc})"
        finally:
            sys.path[:] = saved_path
        if spec is None:
            return f"no module named {self.module!r}"
        return None

    def run(self) -> None:
        """Run the program as ``__main__``; its exceptions (SystemExit too) propagate."""
        saved_argv, saved_path0 = sys.argv[:], sys.path[0] if sys.path else None
        try:
            if self.script is not None:
                sys.argv = [self.script, *self.args]
                _set_path0(os.path.dirname(os.path.abspath(self.script)))
                # `python script.py` gives __main__ an absolute __file__ (Python 3.9+); argv[0] stays as typed.
                runpy.run_path(os.path.abspath(self.script), run_name="__main__")
            else:
                sys.argv = [self.module or "", *self.args]
                _set_path0(os.getcwd())
                runpy.run_module(self.module or "", run_name="__main__", alter_sys=True)
        finally:
            sys.argv = saved_argv
            if saved_path0 is not None:
                sys.path[0] = saved_path0


def _set_path0(path: str) -> None:
    if sys.path:
        sys.path[0] = path
    else:
        sys.path.append(path)


def exit_status(code: object) -> int:
    """The process status for ``SystemExit(code)``, as the interpreter computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code % 256
    sys.stderr.write(f"{code}\n")
    return 1


def _is_machinery(filename: str) -> bool:
    return filename.startswith(("<frozen runpy", _RUNPY_FILE, _OWN_DIR))


def _user_traceback(tb: TracebackType | None) -> TracebackType | None:
    """``tb`` without runpy's and the sanitizer's own frames (tracebacks are relinkable)."""
    kept: list[TracebackType] = []
    while tb is not None:
        if not _is_machinery(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    for earlier, later in zip(kept, kept[1:]):
        earlier.tb_next = later
    if kept:
        kept[-1].tb_next = None
    return kept[0] if kept else None


def report_uncaught(exc: BaseException) -> int:
    """Show ``exc`` as Python would for an uncaught exception; return the exit status."""
    tb = _user_traceback(exc.__traceback__)
    if sys.stderr is not None:  # a closed stderr: Python prints nothing either
        try:
            sys.excepthook(type(exc), exc.with_traceback(tb), tb)
        except (OSError, ValueError):
            pass
    return 130 if isinstance(exc, KeyboardInterrupt) else 1


def die_by_sigint() -> int:
    """End the process as Python ends on an uncaught KeyboardInterrupt: killed by SIGINT.

    Shells and job runners tell "interrupted" from "failed" by the signal, not
    by an exit status of 130. Returns 130 where the signal cannot be re-raised.
    """
    try:
        import signal

        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except (ImportError, OSError, ValueError, AttributeError):
        pass
    return 130

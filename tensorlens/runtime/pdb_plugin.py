"""pdb with tensor commands: ``tensors``, ``tl EXPR``, ``gradfn EXPR [DEPTH]``, ``devices``.

Three ways in:

- ``tensorlens.set_trace()`` in code, or ``breakpoint()`` with
  ``PYTHONBREAKPOINT=tensorlens.set_trace``;
- ``python -m tensorlens.pdb SCRIPT [ARGS]`` (or ``-m MODULE``), which is
  ``python -m pdb`` with this debugger, including post-mortem on an uncaught
  exception: it then shows the failing frame's tensors and, for a device or
  in-place error, which tensors the message is about.
"""

from __future__ import annotations

import os
import pdb
import sys
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

from tensorlens.runtime.failure import explain_failure, explain_shape_error
from tensorlens.runtime.frame import FrameTensors, frame_tensors
from tensorlens.runtime.frame_text import frame_flags, name_list
from tensorlens.runtime.grad_graph import DEFAULT_DEPTH, grad_fn_chain
from tensorlens.runtime.render import Printer
from tensorlens.runtime.summary import is_module, is_tensor, summary

_WHOLE_GRAPH = 1_000_000  # levels: --by-module walks the whole graph (max_nodes still bounds it)
HINT = "tensorlens: tensors · tl EXPR · gradfn EXPR [DEPTH] · devices   (help CMD for details)"
_hint_shown = False


class TensorPdb(pdb.Pdb):
    """``pdb.Pdb`` plus the TensorLens commands; everything else is stock pdb."""

    # -- commands ---------------------------------------------------------

    # Docstrings are the `help CMD` text; the blank line after the usage line
    # is how pdb 3.12+ tells usage from description.

    def do_tensors(self, arg: str) -> None:
        """tensors [--quick]

        Table of every tensor reachable from the current frame: locals, items
        of lists/tuples/dicts (batch["x"]), attributes of plain objects, and
        each nn.Module with its parameters and buffers (model.fc.weight).
        Each line gives shape, dtype, device, grad state and value statistics
        (sampled above 10^6 elements). --quick skips the statistics and reads
        no tensor data. Ends with warnings for mixed devices and for tensors
        sharing memory with a numpy array of the frame.
        """
        stats = arg.strip() not in ("--quick", "-q")
        self._guarded(lambda: self._out().print(self._frame_tensors().table(stats=stats)))

    def do_tl(self, arg: str) -> None:
        """tl EXPR

        One-line TensorLens summary of EXPR: for a tensor its shape, dtype,
        device, requires_grad/leaf/grad_fn, statistics, NaN/Inf counts and
        size; for an nn.Module its parameter count, dtypes, devices and mode;
        for a list, tuple, dict or object, a table of the tensors inside it.
        """
        ok, value = self._evaluate(arg)
        if ok:
            self._guarded(lambda: self._show_value(arg.strip(), value))

    def _show_value(self, expr: str, value: Any) -> None:
        if is_tensor(value) or is_module(value):
            self._out().print(summary(value))
            return
        inside = frame_tensors({expr: value})
        self._out().print(inside.table() if len(inside) else summary(value))

    def do_gradfn(self, arg: str) -> None:
        """gradfn EXPR [DEPTH] [--by-module]

        The backward graph of tensor EXPR: its grad_fn and, through
        next_functions, every node down to the AccumulateGrad leaves (shown
        with the leaf's name and summary). Nodes list the shapes of the
        tensors they saved for backward; a node reached twice is expanded
        once and marked "shared" after. DEPTH (default 24) limits the levels.
        --by-module collapses the whole graph to one line per module
        (model.encoder.layer.3: its node count, ops, parameters and the
        modules backward goes to next), for graphs of thousands of nodes.
        """
        by_module = "--by-module" in arg.split()
        arg = " ".join(word for word in arg.split() if word != "--by-module")
        if by_module:
            self._gradfn_by_module(arg)
            return
        expr, depth = _split_depth(arg)
        ok, value = self._evaluate(expr)
        if not ok:
            return
        if not is_tensor(value):
            self.error(f"{expr} is not a tensor: {summary(value)}")
            return
        self._guarded(lambda: self._out().print(grad_fn_chain(value, depth, names=self._frame_names()).text()))

    def _gradfn_by_module(self, expr: str) -> None:
        ok, value = self._evaluate(expr)
        if not ok:
            return
        if not is_tensor(value):
            self.error(f"{expr} is not a tensor: {summary(value)}")
            return
        names = self._frame_tensors().names()
        self._guarded(lambda: self._out().print(grad_fn_chain(value, _WHOLE_GRAPH, names=names).by_module().text()))

    def do_devices(self, arg: str) -> None:
        """devices

        The tensors of the current frame grouped by device, with a warning
        when tensors that could meet in one operation live on different
        devices (0-dim CPU tensors mix with CUDA ones and are not counted).
        """
        self._guarded(self._show_devices)

    def _show_devices(self) -> None:
        found = self._frame_tensors()
        groups = found.devices
        if not groups:
            self._out().print("no tensors in this frame")
            return
        width = max(len(device) for device in groups)
        lines = [f"{device:<{width}}  {len(names)} tensor{'s' if len(names) != 1 else ''}: {name_list(names, 8)}"
                 for device, names in groups.items()]
        lines.extend(f"! {flag}" for flag in frame_flags(found) if flag.startswith("devices differ"))
        self._out().print("\n".join(lines))

    complete_tl = complete_gradfn = getattr(pdb.Pdb, "_complete_expression", None)

    # -- hooks --------------------------------------------------------------

    def interaction(self, frame: FrameType | None, tb_or_exc: Any) -> None:
        global _hint_shown
        if not _hint_shown:
            # Once per process: breakpoint() under python -m tensorlens.pdb
            # makes a second debugger, and one reminder is enough.
            _hint_shown = True
            self.message(HINT)
        if frame is None and tb_or_exc is not None:
            self._guarded(lambda: self._show_failure(tb_or_exc))
        super().interaction(frame, tb_or_exc)

    def setup(self, f: FrameType | None, tb: TracebackType | None) -> Any:
        """pdb's setup; a post-mortem then starts in the innermost frame of the user's code.

        The exception usually surfaces deep in torch (``check_same_device``,
        ``F.linear``); the line the user can change is further up, so the
        prompt starts there and says how to reach the raising frame.
        """
        result = super().setup(f, tb)
        if f is None and tb is not None:
            self._guarded(self._select_user_frame)
        return result

    def _select_user_frame(self) -> None:
        frames = [entry[0] for entry in self.stack[: self.curindex + 1]]
        user = _innermost_user_frame(frames)
        index = max(i for i, frame in enumerate(frames) if frame is user)
        deeper = self.curindex - index
        if deeper <= 0:
            return
        raised_in = frames[-1]
        self.curindex = index
        self.curframe = user
        self.curframe_locals = user.f_locals
        if hasattr(self, "set_convenience_variable"):  # Python 3.12+: $_frame
            self.set_convenience_variable(user, "_frame", user)
        self.message(
            f"post-mortem: at the innermost frame of your code, {_frame_label(user)}; the exception was raised "
            f"{deeper} frame{'s' if deeper != 1 else ''} further in, in {_frame_label(raised_in)} "
            f"(`down` {deeper} to go there)"
        )

    # -- helpers ------------------------------------------------------------

    def _guarded(self, action: Callable[[], None]) -> None:
        """Run a command's work; an exception (a hostile tensor subclass, a broken stream)
        becomes an error line at the prompt instead of ending the debugged program."""
        try:
            action()
        except Exception as exc:
            self.error(f"tensorlens: {type(exc).__name__}: {exc}")

    def _out(self) -> Printer:
        return Printer(self.stdout)

    def _locals(self) -> dict[str, Any]:
        # pdb evaluates in curframe_locals (a snapshot that assignments at
        # the prompt update); the commands must see the same namespace.
        found = getattr(self, "curframe_locals", None)
        if found is None and self.curframe is not None:
            found = self.curframe.f_locals
        return found or {}

    def _frame_names(self) -> dict[int, str]:
        return self._frame_tensors().names()

    def _frame_tensors(self) -> FrameTensors:
        return frame_tensors(self._locals())

    def _evaluate(self, expr: str) -> tuple[bool, Any]:
        if not expr.strip():
            self.error("an expression is needed (see: help tl)")
            return False, None
        try:
            frame_globals = self.curframe.f_globals if self.curframe is not None else {}
            return True, eval(expr, frame_globals, self._locals())
        except Exception as exc:  # the prompt reports errors, it does not die
            self.error(f"{type(exc).__name__}: {exc}")
            return False, None

    def _show_failure(self, tb_or_exc: Any) -> None:
        """Before a post-mortem prompt: the failing frame's tensors and what the error is about."""
        exc, tb = _exception_and_traceback(tb_or_exc)
        frames = _traceback_frames(tb)
        if not frames:
            return
        user = _innermost_user_frame(frames)
        out = self._out()
        out.print(f"tensors in {_frame_label(user)}:")
        out.print(frame_tensors(user.f_locals).table())
        if exc is None:
            return
        innermost = frames[-1]
        candidates = [innermost] if innermost is user else [innermost, user]
        lines = explain_shape_error(exc, frames[::-1], user) or explain_failure(
            exc, [(_frame_label(f), frame_tensors(f.f_locals)) for f in candidates])
        if lines:
            out.print("\n".join(lines))


def set_trace(*, header: str | None = None) -> None:
    """Stop in the caller's frame with the TensorLens debugger (like ``pdb.set_trace``)."""
    debugger = TensorPdb()
    if header is not None:
        debugger.message(header)
    debugger.set_trace(sys._getframe().f_back)


def post_mortem(tb: TracebackType | None = None) -> None:
    """Post-mortem on ``tb`` (default: the exception being handled), like ``pdb.post_mortem``."""
    if tb is None:
        tb = sys.exc_info()[2]
    if tb is None:
        raise ValueError("A valid traceback must be passed if no exception is being handled")
    debugger = TensorPdb()
    debugger.reset()
    debugger.interaction(None, tb)


USAGE = """\
usage: python -m tensorlens.pdb [-c command] ... [-m module | pyfile] [arg] ...

Debug a Python program with pdb plus the TensorLens commands
tensors, tl EXPR, gradfn EXPR [DEPTH] and devices (type "help tensors" at the
prompt). Options and behaviour are those of python -m pdb: the program stops
at its first line, restarts when it ends, and an uncaught exception enters
post-mortem debugging, which first shows the failing frame's tensors.
"""


def main(argv: list[str] | None = None) -> None:
    """``python -m tensorlens.pdb``: stdlib ``pdb.main`` driving a ``TensorPdb``."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        sys.exit(0 if args else 2)
    sys.argv[1:] = args
    # pdb.main builds its debugger as the module global Pdb(); swapping the
    # class for the call reuses its option parsing, script/module targets and
    # restart/post-mortem loop exactly, on every Python version.
    original = pdb.Pdb
    pdb.Pdb = TensorPdb  # type: ignore[misc]
    try:
        pdb.main()
    finally:
        pdb.Pdb = original  # type: ignore[misc]


def _split_depth(arg: str) -> tuple[str, int]:
    parts = arg.rsplit(None, 1)
    if len(parts) == 2 and parts[1].isdigit():
        return parts[0], int(parts[1])
    return arg, DEFAULT_DEPTH


def _exception_and_traceback(tb_or_exc: Any) -> tuple[BaseException | None, TracebackType | None]:
    if isinstance(tb_or_exc, BaseException):  # Python 3.13+ hands over the exception
        return tb_or_exc, tb_or_exc.__traceback__
    exc = sys.exc_info()[1]
    if exc is None or exc.__traceback__ is not tb_or_exc:
        exc = getattr(sys, "last_value", None) or exc
    return exc, tb_or_exc


def _traceback_frames(tb: TracebackType | None) -> list[FrameType]:
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames


def _innermost_user_frame(frames: list[FrameType]) -> FrameType:
    """The innermost frame outside torch, the standard library's runners and TensorLens."""
    library_dirs = tuple(d for d in (_package_dir("torch"), _package_dir("tensorlens"), _stdlib_dir()) if d)
    for frame in reversed(frames):
        filename = os.path.abspath(frame.f_code.co_filename)
        if not filename.startswith(library_dirs) and not filename.startswith("<"):
            return frame
    return frames[-1]


def _package_dir(name: str) -> str | None:
    module = sys.modules.get(name)
    path = getattr(module, "__file__", None)
    return os.path.dirname(os.path.abspath(path)) + os.sep if path else None


def _stdlib_dir() -> str:
    return os.path.dirname(os.path.abspath(pdb.__file__)) + os.sep


def _frame_label(frame: FrameType) -> str:
    code = frame.f_code
    return f"{code.co_name}() at {os.path.basename(code.co_filename)}:{frame.f_lineno}"

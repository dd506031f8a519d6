"""``tensorlens run [OPTIONS] (SCRIPT | -m MODULE) [ARGS...]``.

Everything after the script (or module) belongs to the program, even when it
looks like an option: ``tensorlens run train.py --format x`` passes
``--format x`` to ``train.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, NoReturn

from tensorlens.runtime.sanitizer.program import Program, die_by_sigint, exit_status, report_uncaught
from tensorlens.runtime.sanitizer.report import FORMATS, render, summary_line, text_summary

_TAKES_VALUE = frozenset({"--format", "--output", "-o", "--error-exitcode"})
_SAMPLING_HELP = ("every op of the first 10 optimizer steps is checked, then 2 steps of every 20 and the step "
                  "after each train()/eval() switch (an empty TorchFunctionMode alone makes a small model 1.55x "
                  "slower); a pitfall that happens only in unchecked steps is missed")


class UsageError(Exception):
    """A bad command line: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tensorlens run", allow_abbrev=False,
        usage="tensorlens run [--fail-fast] [--error-exitcode N] [--format {text,json,sarif}] [--output FILE] "
              "[--every-step] [--nonfinite] (SCRIPT | -m MODULE) [ARGS...]",
        description="Run a PyTorch program and report pitfalls on live tensors "
                    "(the same rule codes as `tensorlens check`). By default " + _SAMPLING_HELP + ".",
    )
    parser.add_argument("--fail-fast", action="store_true",
                        help="stop the program at the first finding (exit status 1)")
    parser.add_argument("--error-exitcode", type=_status, metavar="N",
                        help="exit with N when the program succeeded but there were findings (for CI; "
                             "a failing program keeps its own status)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="report format (default: text, on stderr)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the report to FILE instead of stderr (checked before the program starts)")
    parser.add_argument("--every-step", action="store_true",
                        help="check every op of every optimizer step instead of sampling steps")
    parser.add_argument("--nonfinite", action="store_true",
                        help="report the first op (forward or backward) that produces NaN or Inf from finite "
                             "inputs, with each operand's summary and origin (TL501; checks every step)")
    return parser


def _status(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an exit status: {text!r}") from None
    if not 1 <= value <= 255:
        raise argparse.ArgumentTypeError(f"an exit status is 1 to 255, not {value}")
    return value


def parse(argv: list[str]) -> tuple[argparse.Namespace, Program]:
    """Split ``argv`` into our options and the program to run (``UsageError`` if bad)."""
    index = 0
    program: Program | None = None
    while index < len(argv):
        arg = argv[index]
        if arg == "-m" or (arg.startswith("-m") and not arg.startswith("--")):
            module = arg[2:] or (argv[index + 1] if index + 1 < len(argv) else "")
            if not module:
                raise UsageError("argument -m: expected a module name")
            rest = argv[index + (1 if arg[2:] else 2):]
            program = Program(module=module, args=rest)
            break
        if arg == "--":
            if index + 1 < len(argv):
                program = Program(script=argv[index + 1], args=argv[index + 2:])
            break
        if arg.startswith("-") and arg != "-":
            index += 2 if arg in _TAKES_VALUE else 1
            continue
        program = Program(script=arg, args=argv[index + 1:])
        break
    options = _parser().parse_args(argv[:index])
    if program is None:
        raise UsageError("expected a script to run (or -m MODULE)")
    return options, program


def main(argv: list[str]) -> int:
    """Run the program described by ``argv`` (everything after ``run``) under the sanitizer."""
    try:
        options, program = parse(argv)
        problem = program.problem() or _unwritable(options.output)
        if problem:
            raise UsageError(problem)
    except UsageError as exc:
        _say(f"tensorlens run: error: {exc} (see `tensorlens run --help`)\n")
        return 2
    except SystemExit as exc:  # --help
        return exit_status(exc.code)
    try:
        import torch  # noqa: F401  (the sanitizer needs the program's torch)
    except ImportError as exc:
        _say(f"tensorlens run: error: torch is not importable here ({exc})\n")
        return 2
    return _sanitized(options, program)


def _unwritable(path: str | None) -> str | None:
    """Why the report file cannot be written, found before the program runs (None if it can)."""
    if not path:
        return None
    existed = os.path.exists(path)
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        return f"cannot write the report to {path}: {exc.strerror}"
    if not existed:
        os.remove(path)  # written at the end; a run that never gets there leaves nothing behind
    return None


def _sanitized(options: argparse.Namespace, program: Program) -> int:
    from tensorlens.runtime.sanitizer.findings import FindingLog, SanitizerStop
    from tensorlens.runtime.sanitizer.monitor import Monitor
    from tensorlens.runtime.sanitizer.sampling import DEFAULT_FULL_STEPS, StepSampler
    from tensorlens.runtime.sanitizer.session import watching
    from tensorlens.runtime.sanitizer.sites import UserFrames
    from tensorlens.runtime.sanitizer.state import RunState

    live = sys.stderr if options.format == "text" else None
    log = FindingLog(live=live, fail_fast=options.fail_fast)
    monitor = Monitor(RunState(UserFrames(), log), nonfinite=options.nonfinite)
    every_step = options.every_step or options.nonfinite
    sampler = StepSampler(monitor, full_steps=None if every_step else DEFAULT_FULL_STEPS)
    interrupted = False
    try:
        with watching(monitor, sampler):
            program.run()
        monitor.finish()
        status = 0
    except SystemExit as exc:
        status = exit_status(exc.code)
        try:
            monitor.finish()
        except SanitizerStop:
            pass  # --fail-fast at a finding made at the end: the program's own status stands
    except SanitizerStop as stop:
        _say(f"tensorlens run: stopped by --fail-fast at {stop.finding.site}\n")
        status = 1
    except BaseException as exc:  # the program's own uncaught exception
        _explain_uncaught(monitor, exc)
        status = report_uncaught(exc)
        interrupted = isinstance(exc, KeyboardInterrupt)
    findings = log.findings()
    if not _write_report(options, findings, sampler.coverage()):
        return 2
    if interrupted:
        return die_by_sigint()
    if status == 0 and findings and options.error_exitcode is not None:
        return int(options.error_exitcode)
    return status


def _explain_uncaught(monitor: Any, exc: BaseException) -> None:
    """A shape error no watched op explained (raised by Python code, or in an unchecked step)
    becomes a finding from its traceback, printed before it."""
    from tensorlens.runtime.sanitizer.findings import SanitizerStop

    if not isinstance(exc, Exception):
        return
    try:
        monitor.shapes.uncaught(exc)
    except SanitizerStop:
        pass  # --fail-fast: the finding is out; the program's own error is still shown
    except Exception as internal:
        _say(f"tensorlens: internal error explaining the failure: {type(internal).__name__}: {internal}\n")


def _say(text: str) -> None:
    """Write to stderr; a closed or broken stderr loses the text, never the run."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def _write_report(options: argparse.Namespace, findings: list[Any], coverage: str) -> bool:
    """Write the end-of-run report; False (after saying why) when the file cannot be written."""
    if sys.stdout is not None:  # the program's output first, ours after it
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass  # a closed stdout is the program's business
    note = f"tensorlens run: {coverage}\n" if coverage else ""
    if options.output:
        try:
            with open(options.output, "w", encoding="utf-8") as stream:
                stream.write(render(findings, options.format))
        except OSError as exc:
            _say(f"tensorlens run: error: cannot write {options.output}: {exc.strerror}\n")
            _say(text_summary(findings))
            return False
        _say(f"{summary_line(findings)}, report written to {options.output}\n{note}")
    elif options.format == "text":
        _say(text_summary(findings) + note)
    else:
        _say(render(findings, options.format))
    return True

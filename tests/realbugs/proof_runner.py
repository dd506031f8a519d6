"""Runs a case's entry in several folders from one interpreter: torch is imported once, each run is a fork.

Usage: ``python proof_runner.py RESULT.json TIMEOUT ENTRY FOLDER [FOLDER ...]``.

Importing torch costs more than most trimmed cases take to run, so a proof
(bug run + fixed run) starts one interpreter, imports torch, and forks one
child per folder. Each child is the run ``python ENTRY`` would be: cwd is the
folder, ``sys.path`` starts with the case folder (as ``python -m`` from the
project root has it) and then the entry's folder (as ``python ENTRY`` has it),
``sys.argv == [ENTRY]``, the entry runs
as ``__main__``, an uncaught exception prints its traceback and exits 1. The
children run one after the other (both sides of a proof share the machine
with the rest of the suite). RESULT.json receives, per folder, the exit
code (None when the run passed TIMEOUT seconds and was killed) and the
combined stdout+stderr.

This file is started as a script and imports nothing from the harness.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import time
import traceback

OUTPUT_LIMIT = 200_000  # characters of a run's output kept in the result


def main(argv: list[str]) -> int:
    result_path, timeout, entry, folders = argv[0], float(argv[1]), argv[2], argv[3:]
    import torch  # noqa: F401  (imported before forking so no child pays for it)

    results = {folder: run_forked(folder, entry, timeout) for folder in folders}
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle)
    return 0


def run_forked(folder: str, entry: str, timeout: float) -> dict:
    """Run ``entry`` in ``folder`` in a forked child; its exit code (None on timeout) and output."""
    output_path = folder.rstrip(os.sep) + ".output.txt"  # beside the folder: the program never sees it
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:
        os._exit(_child_run(folder, entry, output_path))
    try:
        os.setpgid(child, child)  # also here, so a kill never races the child's own setpgid
    except OSError:
        pass
    exit_code = _wait(child, timeout)
    with open(output_path, encoding="utf-8", errors="replace") as handle:
        output = handle.read()
    os.remove(output_path)
    if len(output) > OUTPUT_LIMIT:
        output = output[:OUTPUT_LIMIT // 2] + "\n[... output cut ...]\n" + output[-OUTPUT_LIMIT // 2:]
    return {"exit_code": exit_code, "output": output}


def _child_run(folder: str, entry: str, output_path: str) -> int:
    # Own process group, so a timeout also ends the processes the program started (DataLoader workers).
    os.setpgid(0, 0)
    descriptor = os.open(output_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    os.chdir(folder)
    sys.argv = [entry]
    # The case folder first, as `python -m` from the project root has it (a nested entry such as
    # pipeline/train.py importing the project's top-level packages), then the entry's own folder,
    # as `python ENTRY` has it (a script beside the modules it imports).
    root = os.path.abspath(folder)
    sys.path[0:1] = list(dict.fromkeys([root, os.path.dirname(os.path.join(root, entry))]))
    try:
        runpy.run_path(entry, run_name="__main__")
        code = 0
    except SystemExit as stop:
        code = _exit_code(stop)
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    return code


def _exit_code(stop: SystemExit) -> int:
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code
    print(stop.code, file=sys.stderr)
    return 1


def _wait(child: int, timeout: float):
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        finished, status = os.waitpid(child, os.WNOHANG)
        if finished:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            try:
                os.killpg(child, signal.SIGKILL)
            except OSError:
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return None
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

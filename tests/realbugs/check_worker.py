"""Runs ``tensorlens check`` on many project folders from one interpreter; started by score.py.

Usage: ``python check_worker.py JOBS.json RESULTS.json``. JOBS.json is a list of
folders; each is checked as ``tensorlens check --format json --no-cache
--jobs 1 .`` run with that folder as the working directory (the same entry
point the console script calls), so the folder is the project root. Starting
one interpreter per folder costs more than the check itself on these small
cases. RESULTS.json maps each folder to its findings or to an error string.
This file imports nothing from the harness.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

from tensorlens.cli import main as tensorlens_main

ARGS = ["check", "--format", "json", "--no-cache", "--jobs", "1", "."]


def check(folder: str):
    """The JSON findings of checking ``folder`` as its own project, or an error string."""
    out, err = io.StringIO(), io.StringIO()
    os.chdir(folder)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = tensorlens_main(ARGS)
    if code not in (0, 1):
        return f"exit {code}: {err.getvalue().strip()}"
    return json.loads(out.getvalue() or "[]")


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as handle:
        folders = json.load(handle)
    results = {folder: check(folder) for folder in folders}
    with open(argv[1], "w", encoding="utf-8") as handle:
        json.dump(results, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

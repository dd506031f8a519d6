"""Run ``tensorlens check`` over one project's tree and key its findings for the baseline.

A finding's key is (path, code, text, occurrence, rank): the file relative to the
project's root, the rule, the flagged line's source with its whitespace collapsed,
which of the file's lines with that same text it is (0 for the first), and which of
the rule's findings on that line it is (0 for the leftmost). Lines added or removed
elsewhere in the file, a re-indent, a message reworded or a finding appearing on
another line therefore change no key; editing the flagged line itself does, on
purpose: the verdict was about that code.
"""

import json
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# The CLI's own file walk, so that files and lines count exactly what `check` read.
from tensorlens.project.config import ConfigFinder
from tensorlens.project.files import collect_files

CHECK_TIMEOUT_S = 1800  # a whole project; generous, since a loaded 2-core machine is several times slower


class FindingKey(NamedTuple):
    """What identifies a finding across runs: see the module docstring."""

    path: str
    code: str
    text: str
    occurrence: int
    rank: int


@dataclass
class ProjectCheck:
    """One project's run: size, time, and its findings keyed for the baseline."""

    files: int
    lines: int
    seconds: float
    findings: dict[FindingKey, dict] = field(default_factory=dict)

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


class CheckFailed(Exception):
    """``tensorlens check`` crashed, reported internal errors, or printed no JSON."""


def normalized(text: str) -> str:
    """A source line with runs of whitespace made one space and the ends stripped."""
    return " ".join(text.split())


class SourceLines:
    """A file's lines, normalized, with where each text occurs; read once per file."""

    def __init__(self, file: Path):
        self.texts = [normalized(line) for line in file.read_text(encoding="utf-8", errors="replace").splitlines()]

    def text(self, line: int) -> str:
        """Line ``line`` (1-based), or ``""`` past the end (a syntax error at EOF)."""
        return self.texts[line - 1] if 0 < line <= len(self.texts) else ""

    def occurrence(self, line: int) -> int:
        """How many earlier lines have the same text as line ``line``."""
        text = self.text(line)
        return self.texts[:max(0, line - 1)].count(text)


def key_findings(findings: list[dict], tree: Path) -> dict[FindingKey, dict]:
    """Each finding of ``tensorlens check --format json`` (paths relative to ``tree``) under its key."""
    sources: dict[str, SourceLines] = {}
    on_line: dict[tuple[str, str, int], list[dict]] = defaultdict(list)
    for finding in findings:
        path = Path(finding["path"]).as_posix().removeprefix("./")
        on_line[(path, finding["code"], finding["line"])].append(finding)
    keyed = {}
    for (path, code, line), group in on_line.items():
        source = sources.get(path) or sources.setdefault(path, SourceLines(tree / path))
        group.sort(key=lambda f: f["column"])
        for rank, finding in enumerate(group):
            keyed[FindingKey(path, code, source.text(line), source.occurrence(line), rank)] = finding
    return keyed


def count_source(tree: Path) -> tuple[int, int]:
    """Files and lines ``tensorlens check`` sees in ``tree`` (its own file walk and excludes)."""
    files = collect_files([str(tree)], finder=ConfigFinder())
    lines = sum(f.path.read_bytes().count(b"\n") for f in files)
    return len(files), lines


def check_project(tree: Path) -> ProjectCheck:
    """``tensorlens check --format json --no-cache .`` in ``tree``, timed from process start to exit."""
    command = [sys.executable, "-m", "tensorlens", "check", "--format", "json", "--no-cache", "."]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=CHECK_TIMEOUT_S)
    seconds = time.perf_counter() - started
    # Exit 1 only says there are findings; 2 is a usage or internal error, which the SPEC forbids on any input.
    if done.returncode not in (0, 1):
        raise CheckFailed(f"tensorlens check exited {done.returncode} in {tree}:\n{done.stderr.strip()[-4000:]}")
    try:
        findings = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise CheckFailed(f"tensorlens check printed no JSON in {tree}: {error}") from None
    files, lines = count_source(tree)
    return ProjectCheck(files, lines, seconds, key_findings(findings, tree))

"""Score tensorlens on the real-bug corpus: per rule and per rule family, precision and recall.

    python tests/realbugs/score.py [--family F] [--verbose]

Each case's bug/ and fixed/ folder is copied alone into a scratch folder (so
it is the project root and no configuration above it applies) and checked
with ``tensorlens check --format json --no-cache .`` as a user would.
Findings are matched to the ``# expect:`` markers by (file, line, code): a
matched finding is a true positive, an unmatched marker a miss, any other
finding in bug/ or any finding at all in fixed/ a false positive. A rule's
row counts its code over the cases scored; a family's row adds up its rules
(TL2xx for device, ...), so a TL201 false positive on an autograd case counts
against the device family. ``--family`` scores only that family's cases.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import FAMILY_CODES, Case, CaseError, case_folders, family_of, load_case

CHECK_TIMEOUT_S = 120  # per folder
CHECK_WORKER = Path(__file__).resolve().with_name("check_worker.py")


@dataclass(frozen=True)
class Finding:
    """One finding of ``tensorlens check`` on a case side, with its file relative to that side."""

    case: str
    side: str  # "bug" or "fixed"
    file: str
    line: int
    code: str
    message: str


@dataclass
class Tally:
    """Counts for one rule or one family."""

    expected: int = 0
    true_positives: int = 0
    false_positives_bug: int = 0
    false_positives_fixed: int = 0

    @property
    def misses(self) -> int:
        return self.expected - self.true_positives

    @property
    def false_positives(self) -> int:
        return self.false_positives_bug + self.false_positives_fixed

    @property
    def precision(self) -> Optional[float]:
        """None when nothing was reported (no finding to be right or wrong about)."""
        reported = self.true_positives + self.false_positives
        return self.true_positives / reported if reported else None

    @property
    def recall(self) -> Optional[float]:
        """None when nothing was expected."""
        return self.true_positives / self.expected if self.expected else None

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.true_positives += other.true_positives
        self.false_positives_bug += other.false_positives_bug
        self.false_positives_fixed += other.false_positives_fixed


@dataclass
class Score:
    """The corpus's score: tallies per rule, the misses and false positives behind them."""

    cases: list[Case]
    by_rule: dict[str, Tally] = field(default_factory=dict)
    misses: list[tuple[str, str, int, str]] = field(default_factory=list)  # (case, file, line, code)
    false_positives: list[Finding] = field(default_factory=list)

    def by_family(self) -> dict[str, Tally]:
        """Each rule family's tally (the sum of its rules); TL000 and unknown codes under "other"."""
        families: dict[str, Tally] = {}
        for code, tally in sorted(self.by_rule.items()):
            families.setdefault(family_of(code) or "other", Tally()).add(tally)
        return families


def check_folder(folder: Path, case: str, side: str) -> list[Finding]:
    """Run ``tensorlens check`` on a copy of ``folder`` as its own project; its findings."""
    return check_folders([(folder, case, side)], jobs=1)[0]


def check_folders(sides: list[tuple[Path, str, str]], jobs: Optional[int] = None) -> list[list[Finding]]:
    """Check each (folder, case, side) as its own project: ``jobs`` worker interpreters share the copies.

    Each folder is copied alone into a scratch folder (no configuration above it
    applies) and checked by check_worker.py with that copy as the working
    directory; one worker interpreter checks many copies one after the other.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(sides)))
    with tempfile.TemporaryDirectory(prefix="realbug-score-") as scratch:
        root = Path(scratch)
        projects = []
        for index, (folder, _case, side) in enumerate(sides):
            project = root / f"{index:04d}" / side
            shutil.copytree(folder, project, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            projects.append(str(project))
        chunks = [projects[worker::jobs] for worker in range(jobs)]
        env = dict(os.environ, TENSORLENS_CACHE_DIR=str(root / "cache"))
        runs = []
        for worker, chunk in enumerate(chunks):
            jobs_path, results_path = root / f"jobs-{worker}.json", root / f"results-{worker}.json"
            jobs_path.write_text(json.dumps(chunk), encoding="utf-8")
            command = [sys.executable, str(CHECK_WORKER), str(jobs_path), str(results_path)]
            log_path = root / f"log-{worker}.txt"
            with open(log_path, "w", encoding="utf-8") as log:
                process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            runs.append((process, results_path, log_path))
        results: dict[str, object] = {}
        for process, results_path, log_path in runs:
            process.wait(timeout=CHECK_TIMEOUT_S * len(projects))
            if process.returncode != 0 or not results_path.is_file():
                raise RuntimeError(f"the check worker failed (exit {process.returncode}): "
                                   f"{log_path.read_text(encoding='utf-8')}")
            results.update(json.loads(results_path.read_text(encoding="utf-8")))
    found = []
    for project, (_folder, case, side) in zip(projects, sides):
        items = results[project]
        if isinstance(items, str):
            raise RuntimeError(f"tensorlens check failed on {case} {side}/: {items}")
        found.append([Finding(case, side, os.path.normpath(item["path"]).replace(os.sep, "/"), item["line"],
                              item["code"], item["message"]) for item in items])
    return found


def score_cases(cases: list[Case], jobs: Optional[int] = None) -> Score:
    """Check every case's bug/ and fixed/ (a negative case: bug/ only) and tally them against the markers."""
    work = [(case, side) for case in cases for side in (("bug",) if case.negative else ("bug", "fixed"))]
    found = check_folders([(case.folder / side, case.name, side) for case, side in work], jobs)
    score = Score(cases=cases)
    for (case, side), findings in zip(work, found):
        _tally(score, case, side, findings)
    return score


def _tally(score: Score, case: Case, side: str, findings: list[Finding]) -> None:
    def rule(code: str) -> Tally:
        return score.by_rule.setdefault(code, Tally())

    reported = {(f.file, f.line, f.code): f for f in findings}
    if side == "fixed":
        for finding in reported.values():
            rule(finding.code).false_positives_fixed += 1
            score.false_positives.append(finding)
        return
    for marker in case.markers:
        rule(marker.code).expected += 1
        if (marker.file, marker.line, marker.code) in reported:
            rule(marker.code).true_positives += 1
        else:
            score.misses.append((case.name, marker.file, marker.line, marker.code))
    expected = {(m.file, m.line, m.code) for m in case.markers}
    for key, finding in reported.items():
        if key not in expected:
            rule(finding.code).false_positives_bug += 1
            score.false_positives.append(finding)


def load_cases(family: Optional[str] = None) -> tuple[list[Case], list[str]]:
    """The valid cases (of ``family``) and one line per broken case (scored without them)."""
    cases, broken = [], []
    for folder in case_folders(family):
        try:
            cases.append(load_case(folder))
        except CaseError as error:
            broken.append(str(error))
    return cases, broken


def format_table(score: Score) -> str:
    """Rows per rule, grouped under a row per family."""
    header = f"{'family':<9} {'rule':<6} {'expected':>8} {'tp':>4} {'missed':>6} {'fp bug':>6} {'fp fixed':>8} " \
             f"{'precision':>9} {'recall':>6}"
    negatives = sum(case.negative for case in score.cases)
    lines = [f"{len(score.cases)} cases ({negatives} negative)", header, "-" * len(header)]
    families = score.by_family()
    for family in [*FAMILY_CODES, "other"]:
        if family not in families:
            continue
        codes = [code for code in sorted(score.by_rule) if (family_of(code) or "other") == family]
        for code in codes:
            lines.append(_row(family, code, score.by_rule[code]))
        lines.append(_row(family, "all", families[family]))
    return "\n".join(lines)


def _row(family: str, label: str, tally: Tally) -> str:
    return (f"{family:<9} {label:<6} {tally.expected:>8} {tally.true_positives:>4} {tally.misses:>6} "
            f"{tally.false_positives_bug:>6} {tally.false_positives_fixed:>8} "
            f"{_ratio(tally.precision):>9} {_ratio(tally.recall):>6}")


def _ratio(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_details(score: Score) -> str:
    """Each miss and false positive, with its case."""
    lines = [f"MISS {case}: bug/{file}:{line} {code}" for case, file, line, code in sorted(score.misses)]
    lines += [f"FP   {f.case}: {f.side}/{f.file}:{f.line} {f.code} {f.message}"
              for f in sorted(score.false_positives, key=lambda f: (f.case, f.side, f.file, f.line, f.code))]
    return "\n".join(lines)


def main(argv: Optional[Iterable[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Score tensorlens on the real-bug corpus.")
    parser.add_argument("--family", choices=sorted(FAMILY_CODES), help="score only this family's cases")
    parser.add_argument("--verbose", action="store_true", help="list each miss and false positive with its case")
    parser.add_argument("--jobs", type=int, help="checks run at once (default: all cores)")
    args = parser.parse_args(None if argv is None else list(argv))
    cases, broken = load_cases(args.family)
    for problem in broken:
        print(f"skipped, broken: {problem}", file=sys.stderr)
    score = score_cases(cases, args.jobs)
    print(format_table(score))
    if args.verbose:
        details = format_details(score)
        if details:
            print()
            print(details)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())

"""What a run prints: a row per project, a row per rule, the difference from the baseline, a Markdown table."""

import functools
from collections import Counter
from dataclasses import dataclass

from tensorlens.catalogue import CATALOGUE

from .baseline import BaselineDiff
from .findings import FindingKey, ProjectCheck
from .projects import Project


@dataclass
class ProjectResult:
    """A project's check and its comparison with the baseline."""

    project: Project
    check: ProjectCheck
    diff: BaselineDiff
    download_seconds: float

    def codes(self) -> Counter:
        """How many findings of each rule this project has."""
        return Counter(key.code for key in self.check.findings)


def count_of_rule(items, code: str) -> int:
    """How many finding keys or baseline entries in ``items`` belong to rule ``code``."""
    return sum(1 for item in items if (item.code if isinstance(item, FindingKey) else item.key.code) == code)


def by_rule(counts: Counter) -> str:
    """``TL101 3, TL106 5``: a project's findings per rule, or ``-``."""
    return ", ".join(f"{code} {n}" for code, n in sorted(counts.items())) or "-"


def project_table(results: list[ProjectResult]) -> str:
    """Per project: size, speed, findings, verdicts, new findings, findings per rule."""
    head = (f"{'project':<28} {'version':<9} {'files':>6} {'lines':>9} {'check s':>8} {'lines/s':>8} "
            f"{'found':>6} {'true':>5} {'false':>6} {'new':>4}  by rule")
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(f"{r.project.name:<28} {r.project.version:<9} {r.check.files:>6} {r.check.lines:>9,} "
                    f"{r.check.seconds:>8.1f} {r.check.lines_per_second:>8,.0f} {len(r.check.findings):>6} "
                    f"{len(r.diff.found_true):>5} {len(r.diff.found_false):>6} {len(r.diff.new):>4}  "
                    f"{by_rule(r.codes())}")
    files = sum(r.check.files for r in results)
    lines = sum(r.check.lines for r in results)
    seconds = sum(r.check.seconds for r in results)
    rows.append("-" * len(head))
    rows.append(f"{'total':<28} {'':<9} {files:>6} {lines:>9,} {seconds:>8.1f} "
                f"{lines / seconds if seconds else 0:>8,.0f} {sum(len(r.check.findings) for r in results):>6} "
                f"{sum(len(r.diff.found_true) for r in results):>5} "
                f"{sum(len(r.diff.found_false) for r in results):>6} {sum(len(r.diff.new) for r in results):>4}  "
                f"{by_rule(sum((r.codes() for r in results), Counter()))}")
    return "\n".join(rows)


def rule_table(results: list[ProjectResult]) -> str:
    """Per rule over all projects: findings, verdicts, precision, and what changed against the baseline."""
    codes = sorted({k.code for r in results for k in r.check.findings}
                   | {e.key.code for r in results for e in r.diff.vanished_true + r.diff.fixed})
    head = (f"{'rule':<6} {'name':<26} {'severity':<8} {'found':>6} {'true':>5} {'false':>6} {'new':>4} "
            f"{'precision':>9} {'vanished true':>13} {'fixed':>6}")
    rows = [head, "-" * len(head)]
    for code in codes:
        info = CATALOGUE.get(code)
        count = functools.partial(count_of_rule, code=code)
        true = sum(count(r.diff.found_true) for r in results)
        false = sum(count(r.diff.found_false) for r in results)
        precision = f"{true / (true + false):.2f}" if true + false else "-"
        rows.append(f"{code:<6} {info.name if info else '?':<26} {info.severity.value if info else '?':<8} "
                    f"{sum(count(r.check.findings) for r in results):>6} {true:>5} {false:>6} "
                    f"{sum(count(r.diff.new) for r in results):>4} {precision:>9} "
                    f"{sum(count(r.diff.vanished_true) for r in results):>13} "
                    f"{sum(count(r.diff.fixed) for r in results):>6}")
    return "\n".join(rows)


def differences(results: list[ProjectResult]) -> str:
    """Every new finding, vanished true finding and fixed false positive, one a line."""
    rows = []
    for r in results:
        for key in r.diff.new:
            f = r.check.findings[key]
            rows.append(f"NEW       {r.project.name}: {key.path}:{f['line']}:{f['column']}: {key.code} {f['message']}")
        for entry in r.diff.vanished_true:
            rows.append(f"VANISHED  {r.project.name}: {entry.key.path}: {entry.key.code} true finding gone: "
                        f"`{entry.key.text}` ({entry.reason})")
        for entry in r.diff.fixed:
            rows.append(f"FIXED     {r.project.name}: {entry.key.path}: {entry.key.code} false positive gone: "
                        f"`{entry.key.text}`")
    return "\n".join(rows)


def markdown_table(results: list[ProjectResult]) -> str:
    """The README's table: project, version, distribution, files, lines, findings per rule, verdicts."""
    codes = sorted({k.code for r in results for k in r.check.findings})
    head = "| project | version | dist | files | lines | " + " | ".join(codes) + " | true | false |"
    rows = [head, "|" + " --- |" * (7 + len(codes))]
    for r in results:
        counts = r.codes()
        rows.append(f"| {r.project.name} | {r.project.version} | {r.project.dist} | {r.check.files} | "
                    f"{r.check.lines:,} | " + " | ".join(str(counts[c] or "") for c in codes)
                    + f" | {len(r.diff.found_true)} | {len(r.diff.found_false)} |")
    total = sum((r.codes() for r in results), Counter())
    rows.append(f"| **total** | | | {sum(r.check.files for r in results)} | "
                f"{sum(r.check.lines for r in results):,} | " + " | ".join(str(total[c]) for c in codes)
                + f" | {sum(len(r.diff.found_true) for r in results)} | "
                f"{sum(len(r.diff.found_false) for r in results)} |")
    return "\n".join(rows)

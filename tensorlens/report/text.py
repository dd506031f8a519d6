"""The human format: ``path:line:col: CODE message`` and a summary line; ``--statistics`` counts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from tensorlens.catalogue import CATALOGUE
from tensorlens.report.escape import printable
from tensorlens.results import Finding


def finding_line(finding: Finding) -> str:
    """``path:line:col: CODE message``, with anything that could act on a terminal escaped."""
    return printable(f"{finding.path}:{finding.span.line}:{finding.span.column}: {finding.code} {finding.message}")


def render_text(findings: Sequence[Finding], files_checked: int, quiet: bool = False, errors: int = 0) -> str:
    """All findings, one a line, then (unless ``quiet``) a summary.

    ``errors`` is how many errors the run reports on stderr (a file that
    could not be read or analyzed, a rule that failed): then the summary never
    says "All checks passed".
    """
    lines = [finding_line(f) for f in findings]
    if quiet:
        return "\n".join(lines) + ("\n" if lines else "")
    trouble = f"{errors} error{'s' if errors != 1 else ''} (on stderr)"
    if not findings and errors:
        lines.append(f"No findings in {_files(files_checked)}, but {trouble}: not everything was checked.")
    elif files_checked == 0:
        lines.append("No Python files checked.")
    elif not findings:
        lines.append(f"All checks passed ({_files(files_checked)} checked).")
    else:
        severities = Counter(f.severity for f in findings)
        detail = ", ".join(f"{severities[s]} {s}{'s' if severities[s] != 1 else ''}"
                           for s in ("error", "warning") if severities[s])
        lines.append("")
        lines.append(f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({detail}) "
                     f"in {_files(files_checked)}" + (f", and {trouble}." if errors else "."))
    return "\n".join(lines) + "\n"


def statistics(findings: Sequence[Finding]) -> list[tuple[str, int]]:
    """(code, count) per rule that has findings, most frequent first."""
    counts = Counter(f.code for f in findings)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def render_statistics(findings: Sequence[Finding]) -> str:
    """Counts per rule, most frequent first (``--statistics``)."""
    rows = [f"{count:5d}  {code}  {CATALOGUE[code].name}" for code, count in statistics(findings)]
    return "\n".join(rows) + ("\n" if rows else "")


def render_statistics_json(findings: Sequence[Finding]) -> str:
    """``--statistics --format json``: one object per rule with findings."""
    rows = [{"code": code, "name": CATALOGUE[code].name, "severity": CATALOGUE[code].severity.value,
             "count": count} for code, count in statistics(findings)]
    return json.dumps(rows, indent=2) + "\n"


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"

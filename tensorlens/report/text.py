"""The human format: ``path:line:col: CODE message`` and a summary line."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from tensorlens.analysis.engine import Finding


def finding_line(finding: Finding) -> str:
    return f"{finding.path}:{finding.span.line}:{finding.span.column}: {finding.code} {finding.message}"


def render_text(findings: Sequence[Finding], files_checked: int, quiet: bool = False) -> str:
    """All findings, one a line, then (unless ``quiet``) a summary."""
    lines = [finding_line(f) for f in findings]
    if quiet:
        return "\n".join(lines) + ("\n" if lines else "")
    if files_checked == 0:
        lines.append("No Python files checked.")
    elif not findings:
        lines.append(f"All checks passed ({_files(files_checked)} checked).")
    else:
        severities = Counter(f.severity for f in findings)
        detail = ", ".join(f"{severities[s]} {s}{'s' if severities[s] != 1 else ''}"
                           for s in ("error", "warning") if severities[s])
        lines.append("")
        lines.append(f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({detail}) "
                     f"in {_files(files_checked)}.")
    return "\n".join(lines) + "\n"


def render_statistics(findings: Sequence[Finding]) -> str:
    """Counts per rule, most frequent first (``--statistics``)."""
    counts = Counter(f.code for f in findings)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        name = next(f.name for f in findings if f.code == code)
        rows.append(f"{count:5d}  {code}  {name}")
    return "\n".join(rows) + ("\n" if rows else "")


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"

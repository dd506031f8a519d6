"""The end-of-run report: text, JSON (the finding objects of ``tensorlens check``) or SARIF."""

from __future__ import annotations

import json
from typing import Any

from tensorlens import __version__
from tensorlens.catalogue import documentation_url
from tensorlens.runtime.sanitizer.findings import Finding, rule_of

FORMATS = ("text", "json", "sarif")


def _counted(finding: Finding) -> str:
    if finding.count == 1:
        return finding.message
    return f"{finding.message} (seen {finding.count} times)"


def summary_line(findings: list[Finding]) -> str:
    """``tensorlens run: 2 findings at 2 sites (203 occurrences)`` or ``…: no findings``."""
    if not findings:
        return "tensorlens run: no findings"
    sites = len(findings)
    occurrences = sum(f.count for f in findings)
    noun = "finding" if sites == 1 else "findings"
    times = "occurrence" if occurrences == 1 else "occurrences"
    return f"tensorlens run: {sites} {noun} ({occurrences} {times})"


def text_report(findings: list[Finding]) -> str:
    """One ``path:line:col: CODE message`` line per site, with its count, then the summary."""
    lines = [f"{f.site.path}:{f.site.line}:{f.site.column}: {f.code} {_counted(f)}" for f in findings]
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def text_summary(findings: list[Finding]) -> str:
    """The end-of-run text after live lines: a count per site, then the summary."""
    lines = [f"  {f.site.path}:{f.site.line}:{f.site.column}: {f.code} x{f.count}" for f in findings]
    return "\n".join([summary_line(findings), *lines]) + "\n"


def json_findings(findings: list[Finding]) -> list[dict[str, Any]]:
    """The finding objects of SPEC.md's JSON format (``fix`` is always null at run time), plus an
    optional ``details`` object where a check has machine-readable facts (a shape error's operands)."""
    objects = []
    for f in findings:
        entry: dict[str, Any] = {
            "path": f.site.path, "line": f.site.line, "column": f.site.column,
            "end_line": f.site.end_line, "end_column": f.site.end_column,
            "code": f.code, "name": f.rule.name, "severity": f.rule.severity.value,
            "message": _counted(f), "fix": None,
        }
        if f.details:
            entry["details"] = f.details
        objects.append(entry)
    return objects


def sarif_log(findings: list[Finding]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; ``occurrenceCount`` carries the per-site count."""
    codes = sorted({f.code for f in findings})
    rules = []
    for code in codes:
        info = rule_of(code)
        rules.append({
            "id": code, "name": info.name,
            "shortDescription": {"text": info.summary},
            "fullDescription": {"text": info.summary},
            "helpUri": info.help_uri,
            "defaultConfiguration": {"level": info.severity.value},
        })
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code, "ruleIndex": codes.index(f.code),
            "level": f.rule.severity.value,
            "message": {"text": _counted(f)},
            "occurrenceCount": f.count,
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.site.path.replace("\\", "/")},
                "region": {"startLine": f.site.line, "startColumn": f.site.column,
                           "endLine": f.site.end_line, "endColumn": f.site.end_column},
            }}],
        }
        if f.details:
            result["properties"] = f.details
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tensorlens", "version": __version__,
                                "informationUri": documentation_url(), "rules": rules}},
            "results": results,
        }],
    }


def render(findings: list[Finding], fmt: str) -> str:
    """The whole report in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "json":
        return json.dumps(json_findings(findings), indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif_log(findings), indent=2) + "\n"
    return text_report(findings)

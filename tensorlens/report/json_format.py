"""``--format json``: a JSON array, one object per finding (schema in SPEC.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Optional

from tensorlens.report.escape import json_text
from tensorlens.results import Finding, Fix


def finding_object(finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
        "path": finding.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
        "fix": fix_object(finding.fix),
    }


def fix_object(fix: Optional[Fix]) -> Optional[dict[str, Any]]:
    if fix is None:
        return None
    return {
        "safe": fix.safe,
        "description": fix.description,
        "edits": [
            {"line": e.span.line, "column": e.span.column, "end_line": e.span.end_line,
             "end_column": e.span.end_column, "text": e.text}
            for e in fix.edits
        ],
    }


def render_json(findings: Sequence[Finding]) -> str:
    """The JSON array of findings; a file name's undecodable bytes are ``\\udcXX`` escapes (valid UTF-8)."""
    return json_text(json.dumps([finding_object(f) for f in findings], indent=2, ensure_ascii=False)) + "\n"

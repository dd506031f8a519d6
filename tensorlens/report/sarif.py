"""``--format sarif``: SARIF 2.1.0, one run, every rule of the catalogue in ``tool.driver.rules``.

Columns count Unicode code points (``columnKind``), regions end exclusively,
as TensorLens's own spans do. Relative paths stay relative, against
``%SRCROOT%`` (the folder the command ran in), which is what code scanning
services expect. Internal errors are ``toolExecutionNotifications`` (and make
``executionSuccessful`` false); problems with suppression comments are
``toolConfigurationNotifications``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

import tensorlens
from tensorlens.catalogue import CATALOGUE, documentation_url
from tensorlens.report.escape import json_text
from tensorlens.results import DirectiveWarning, Finding, Fix, Span
from tensorlens.rule_docs import rule_documentation

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning"}


def render_sarif(findings: Sequence[Finding], warnings: Sequence[tuple[str, DirectiveWarning]] = (),
                 internal_errors: Sequence[str] = (), cwd: Optional[str] = None) -> str:
    log = sarif_log(findings, warnings, internal_errors, cwd)
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def sarif_log(findings: Sequence[Finding], warnings: Sequence[tuple[str, DirectiveWarning]] = (),
              internal_errors: Sequence[str] = (), cwd: Optional[str] = None) -> dict[str, Any]:
    codes = list(CATALOGUE)
    documentation = {code: rule_documentation(code) for code in CATALOGUE}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "TensorLens",
            "version": tensorlens.__version__,
            "semanticVersion": tensorlens.__version__,
            "informationUri": documentation_url(),
            "rules": [_rule(code, documentation.get(code)) for code in codes],
        }},
        "originalUriBaseIds": {SOURCE_ROOT: {"uri": Path(cwd or os.getcwd()).resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, codes.index(f.code)) for f in findings],
        "invocations": [{
            "executionSuccessful": not internal_errors,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": error}, "descriptor": {"id": "internal-error"}}
                for error in internal_errors],
            "toolConfigurationNotifications": [
                {"level": "warning", "message": {"text": w.message}, "descriptor": {"id": "suppression-comment"},
                 "locations": [_location(path, Span(w.line, w.column, w.line, w.column))]}
                for path, w in warnings],
        }],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule(code: str, documentation: Optional[str]) -> dict[str, Any]:
    info = CATALOGUE[code]
    rule: dict[str, Any] = {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": _sentence(info.summary)},
        "fullDescription": {"text": _first_section(documentation) or _sentence(info.summary)},
        "helpUri": info.help_uri,
        "defaultConfiguration": {"level": _LEVELS[info.severity.value]},
        "properties": {"tags": [info.severity.value], "precision": "high"},
    }
    if documentation:
        rule["help"] = {"text": documentation, "markdown": documentation}
    return rule


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.path, finding.span)],
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_location(finding.path, related.span), "message": {"text": related.message}}
            for number, related in enumerate(finding.related, start=1)]
    if finding.fix is not None and finding.fix.edits:
        result["fixes"] = [_fix(finding.path, finding.fix)]
    return result


def _fix(path: str, fix: Fix) -> dict[str, Any]:
    description = fix.description + ("" if fix.safe else " (unsafe: may change what the code does)")
    return {
        "description": {"text": description},
        "artifactChanges": [{
            "artifactLocation": _artifact(path),
            "replacements": [{"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.text}}
                             for edit in fix.edits],
        }],
    }


def _location(path: str, span: Span) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": _artifact(path), "region": _region(span)}}


def _artifact(path: str) -> dict[str, Any]:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # A URI names bytes: a file name that is not UTF-8 is percent-encoded byte for byte.
    return {"uri": quote(os.fsencode(path.replace(os.sep, "/"))), "uriBaseId": SOURCE_ROOT}


def _region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line,
            "endColumn": span.end_column}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _first_section(documentation: Optional[str]) -> Optional[str]:
    """The "What it does" paragraph of a rule's documentation, as one line of plain text."""
    if not documentation:
        return None
    match = re.search(r"## What it does\s*\n(.*?)(?:\n## |\Z)", documentation, re.S)
    return " ".join(match.group(1).split()) if match else None

"""Findings as LSP diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from tensorlens.catalogue import CATALOGUE, Severity
from tensorlens.lsp.positions import to_range
from tensorlens.lsp.worker import AnalysisResult
from tensorlens.results import DirectiveWarning, Finding, Span

SOURCE = "tensorlens"

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


def to_diagnostic(uri: str, lines: Sequence[str], finding: Finding, encoding: str) -> types.Diagnostic:
    info = CATALOGUE.get(finding.code)
    related = [types.DiagnosticRelatedInformation(
        location=types.Location(uri=uri, range=to_range(lines, note.span, encoding)), message=note.message)
        for note in finding.related]
    return types.Diagnostic(
        range=to_range(lines, finding.span, encoding),
        severity=_SEVERITY[info.severity] if info else types.DiagnosticSeverity.Error,
        code=finding.code,
        code_description=types.CodeDescription(href=info.help_uri) if info else None,
        source=SOURCE,
        message=finding.message,
        related_information=related or None,
    )


def directive_diagnostic(lines: Sequence[str], warning: DirectiveWarning, encoding: str) -> types.Diagnostic:
    """A problem with a suppression comment (an unknown code, say), from its column to the end of the line."""
    end = len(lines[warning.line - 1]) + 1 if 0 < warning.line <= len(lines) else warning.column + 1
    return types.Diagnostic(range=to_range(lines, Span(warning.line, warning.column, warning.line, end), encoding),
                            severity=types.DiagnosticSeverity.Warning, source=SOURCE, message=warning.message)


def to_diagnostics(uri: str, lines: Sequence[str], result: AnalysisResult, encoding: str) -> list[types.Diagnostic]:
    diagnostics = [to_diagnostic(uri, lines, finding, encoding) for finding in result.findings]
    diagnostics += [directive_diagnostic(lines, warning, encoding) for warning in result.warnings]
    return diagnostics

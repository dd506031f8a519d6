"""Fixing one file: apply the fixes, re-check the new text, repeat while fixes apply.

Like Ruff, a fix skipped because it clashed with another one this pass is
proposed again by the re-check of the fixed text, so the passes go on until no
fix applies (at most :data:`MAX_PASSES`). A pass whose result no longer parses
is thrown away and reported: a fix never leaves a file broken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from tensorlens.fix.edits import AppliedFixes, apply_fixes
from tensorlens.results import Finding

MAX_PASSES = 10

Check = Callable[[str], tuple[list[Finding], list[str]]]
"""Checks one version of a file's text: the findings the run reports (its rules, its
suppression comments, which move with the text) and internal errors."""


@dataclass
class FixedFile:
    """One file before and after fixing, and what happened to its findings."""

    path: str
    original: str
    text: str
    fixed: list[Finding] = field(default_factory=list)  # as found, in the text of the pass that fixed them
    remaining: list[Finding] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


def applicable(finding: Finding, unsafe: bool) -> bool:
    """Does this run apply the finding's fix? Unsafe fixes only with ``--unsafe-fixes``."""
    return finding.fix is not None and bool(finding.fix.edits) and (finding.fix.safe or unsafe)


def fix_source(source: str, path: str, check: Check, unsafe: bool = False) -> FixedFile:
    """Fix ``source``, re-checking each new version of it with ``check``."""
    result = FixedFile(path, source, source)
    findings, errors = check(source)
    refused: set[FixIdentity] = set()  # fixes that would break the file, by what they write
    for _ in range(MAX_PASSES):
        wanted = [f for f in findings if applicable(f, unsafe) and _identity(f) not in refused]
        if not wanted:
            break
        applied, broken = _apply(result.text, wanted)
        if broken:
            for finding, reason in _culprits(result.text, wanted):
                refused.add(_identity(finding))
                line = finding.span.line
                description = finding.fix.description if finding.fix is not None else "?"
                result.internal_errors.append(f"{path}:{line}: the fix for {finding.code} ({description}) "
                                              f"would break the file ({reason}); not applied")
            continue
        if applied is None or not applied.fixed or applied.text == result.text:
            break
        result.fixed.extend(applied.fixed)
        result.text = applied.text
        findings, errors = check(result.text)
    result.remaining = findings
    result.internal_errors.extend(errors)
    return result


def _apply(text: str, findings: Sequence[Finding]) -> tuple[Optional[AppliedFixes], Optional[str]]:
    """One pass, and why its result is broken (None when it parses)."""
    try:
        applied = apply_fixes(text, findings)
    except ValueError as error:  # an edit outside the text
        return None, str(error)
    return applied, _syntax_error(applied.text) if applied.fixed else None


def _culprits(text: str, findings: Sequence[Finding]) -> list[tuple[Finding, str]]:
    """The fixes that break the text on their own (at least one, so the passes always move on)."""
    found = []
    for finding in findings:
        _, broken = _apply(text, [finding])
        if broken:
            found.append((finding, broken))
    return found or [(finding, "only together with the other fixes") for finding in findings]


FixIdentity = tuple[str, Optional[str], tuple[str, ...]]
"""A fix by what it does: the finding's code, the fix's description and the texts it writes."""


def _identity(finding: Finding) -> FixIdentity:
    fix = finding.fix
    return finding.code, fix.description if fix else None, tuple(e.text for e in fix.edits) if fix else ()


def analyzer(path: str, codes: Optional[Sequence[str]] = None) -> Check:
    """A plain ``check``: the engine with the rules ``codes`` (all when None), no suppressions."""
    from tensorlens.analysis.engine import analyze_source
    from tensorlens.rules import select_rules

    rules = select_rules(codes)

    def check(text: str) -> tuple[list[Finding], list[str]]:
        analysis = analyze_source(text, path, rules)
        return analysis.findings, analysis.internal_errors

    return check


def _syntax_error(text: str) -> Optional[str]:
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return f"syntax error at line {error.raw_line}: {error.message.strip().splitlines()[0]}"
    except Exception as error:  # libcst can fail on exotic input in other ways
        return f"{type(error).__name__}: {error}"
    return None

"""Fixing one file: apply the fixes, re-check the new text, repeat while fixes apply.

Like Ruff, a fix skipped because it clashed with another one this pass is
proposed again by the re-check of the fixed text, so the passes go on until no
fix applies (at most :data:`MAX_PASSES`). A pass whose result no longer parses
is thrown away and reported: a fix never leaves a file broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import libcst as cst

from tensorlens.analysis.findings import Finding
from tensorlens.fix.edits import apply_fixes

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


def has_applicable_fix(findings: Sequence[Finding], unsafe: bool) -> bool:
    return any(applicable(f, unsafe) for f in findings)


def fix_source(source: str, path: str, check: Check, unsafe: bool = False) -> FixedFile:
    """Fix ``source``, re-checking each new version of it with ``check``."""
    result = FixedFile(path, source, source)
    findings, errors = check(source)
    for _ in range(MAX_PASSES):
        wanted = [f for f in findings if applicable(f, unsafe)]
        if not wanted:
            break
        try:
            applied = apply_fixes(result.text, wanted)
        except ValueError as error:  # an edit outside the text: a rule's bug, never a broken file
            result.internal_errors.append(f"{path}: internal error in a fix: {error}; fixes not applied")
            break
        if not applied.fixed or applied.text == result.text:
            break
        broken = _syntax_error(applied.text)
        if broken is not None:
            codes_fixed = ", ".join(sorted({f.code for f in applied.fixed}))
            result.internal_errors.append(
                f"{path}: the fixes for {codes_fixed} would break the file ({broken}); not applied")
            break
        result.fixed.extend(applied.fixed)
        result.text = applied.text
        findings, errors = check(result.text)
    result.remaining = findings
    result.internal_errors.extend(errors)
    return result


def analyzer(path: str, codes: Optional[Sequence[str]] = None) -> Check:
    """A plain ``check``: the engine with the rules ``codes`` (all when None), no suppressions."""
    from tensorlens.analysis.engine import analyze_source, select_rules

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

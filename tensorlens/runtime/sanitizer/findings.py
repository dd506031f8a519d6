"""Findings of a sanitized run: one per (code, site), with a count.

A check hands the log a code, a site and a function that builds the message;
the message is built only the first time a site is seen, so a pitfall inside
a 10,000-step loop costs one message and 9,999 increments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from tensorlens.catalogue import RuleInfo, Severity, rule_info
from tensorlens.runtime.sanitizer.sites import Site

# Checked only on live tensors, so not (yet) in the shared catalogue that
# `tensorlens check` and `tensorlens rules` list.
RUNTIME_RULES = {
    "TL501": RuleInfo("TL501", "nonfinite-value", Severity.ERROR,
                      "an op produced NaN or Inf from finite inputs (tensorlens run --nonfinite)"),
}


def rule_of(code: str) -> RuleInfo:
    """The catalogue entry for ``code``, or the runtime-only rule of that code."""
    return RUNTIME_RULES[code] if code in RUNTIME_RULES else rule_info(code)


@dataclass
class Finding:
    """One pitfall observed at one site; ``count`` is how often it happened there."""

    code: str
    site: Site
    message: str
    count: int = 1
    details: dict[str, Any] | None = None  # machine-readable facts (a shape error's operands), JSON only

    @property
    def rule(self) -> RuleInfo:
        """The catalogue entry: name, severity, help URI."""
        return rule_of(self.code)

    def line(self) -> str:
        """``path:line:col: CODE message``, the text format of ``tensorlens check``."""
        return f"{self.site.path}:{self.site.line}:{self.site.column}: {self.code} {self.message}"


class SanitizerStop(BaseException):
    """Raised into the program by ``--fail-fast`` at its first finding.

    A ``BaseException`` so that the program's own ``except Exception`` blocks
    do not swallow it; its ``finally`` blocks still run.
    """

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.line())
        self.finding = finding


class FindingLog:
    """Collects findings, prints each new one as it happens, stops on ``fail_fast``."""

    def __init__(self, live: TextIO | None = None, fail_fast: bool = False) -> None:
        self._live = live
        self._fail_fast = fail_fast
        self._by_key: dict[tuple[str, str, int, int], Finding] = {}

    def report(self, code: str, site: Site, message: Callable[[], str],
               details: Callable[[], dict[str, Any]] | None = None) -> None:
        """Count ``code`` at ``site``; the first time, build the message (and details) and announce it."""
        key = (code, site.path, site.line, site.column)
        seen = self._by_key.get(key)
        if seen is not None:
            seen.count += 1
            return
        finding = Finding(code, site, message(), details=details() if details is not None else None)
        self._by_key[key] = finding
        if self._live is not None:
            try:
                self._live.write(f"tensorlens: {finding.line()}\n")
                self._live.flush()
            except (OSError, ValueError):
                # A closed or broken stderr: the program must not fail for it; the
                # finding still reaches the end-of-run report (or --output).
                self._live = None
        if self._fail_fast:
            raise SanitizerStop(finding)

    def findings(self) -> list[Finding]:
        """Every finding so far, in the order first seen."""
        return list(self._by_key.values())

"""The lines ``--fix`` and ``--diff`` end with, in Ruff's words."""

from __future__ import annotations

from tensorlens.fix.files import FixRun


def fix_summary(run: FixRun, files_checked: int) -> str:
    """``Found 5 findings (3 fixed, 2 remaining) in 4 files.``, and a hint for hidden fixes."""
    fixed, remaining = run.fixed_count, len(run.findings)
    total = fixed + remaining
    if total == 0:
        return f"All checks passed ({_count(files_checked, 'file')} checked).\n"
    counts = f" ({fixed} fixed, {remaining} remaining)" if fixed else ""
    lines = [f"Found {_count(total, 'finding')}{counts} in {_count(files_checked, 'file')}."]
    lines.extend(_hidden_hint(run))
    return "\n".join(lines) + "\n"


def diff_summary(run: FixRun) -> str:
    """``Would fix 3 findings.`` (for stderr: stdout holds the diff)."""
    fixed = run.fixed_count
    lines = [f"Would fix {_count(fixed, 'finding')}." if fixed else "No fixes available."]
    lines.extend(_hidden_hint(run))
    return "\n".join(lines) + "\n"


def _hidden_hint(run: FixRun) -> list[str]:
    hidden = run.hidden_fixes()
    if not hidden:
        return []
    return [f"{_count(hidden, 'more fix', 'more fixes')} can be applied with `--unsafe-fixes` (they may change "
            f"what the code does; see `tensorlens explain CODE`)."]


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"

"""Review mode: show each unreviewed finding in its code and leave a stub in the baseline to fill in."""

from pathlib import Path

from .baseline import append_stubs, baseline_path, load_baseline
from .findings import FindingKey

CONTEXT_LINES = 3


def with_context(tree: Path, key: FindingKey, finding: dict, context: int = CONTEXT_LINES) -> str:
    """The finding's header and ``context`` lines either side of it, the flagged line marked ``>``."""
    lines = (tree / key.path).read_text(encoding="utf-8", errors="replace").splitlines()
    line = finding["line"]
    first, last = max(1, line - context), min(len(lines), line + context)
    shown = [f"{'>' if n == line else ' '} {n:>5} | {lines[n - 1]}" for n in range(first, last + 1)]
    header = (f"{key.path}:{line}:{finding['column']}: {key.code} [{finding['severity']}] {finding['message']}\n"
              f"  key: text={key.text!r} occurrence={key.occurrence} rank={key.rank}")
    return header + "\n" + "\n".join(shown)


def review(project_name: str, tree: Path, new: list[FindingKey], findings: dict[FindingKey, dict],
           baseline_folder: Path) -> str:
    """Print-ready context for every finding in ``new``; appends stubs for those the baseline lacks."""
    path = baseline_path(baseline_folder, project_name)
    known = load_baseline(path)
    missing = [key for key in new if key not in known]
    if missing:
        append_stubs(path, project_name, missing)
    shown = "\n\n".join(with_context(tree, key, findings[key]) for key in new)
    return (f"== {project_name}: {len(new)} to review ({len(missing)} stubs appended to {path})\n\n{shown}\n")

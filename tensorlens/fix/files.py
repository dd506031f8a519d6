"""``check --fix`` and ``--diff`` over many files: fix those with a fix to apply, write or diff them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from tensorlens.analysis.engine import FileAnalysis, Finding
from tensorlens.check.files import SourceFile
from tensorlens.fix.session import FixedFile, Keep, applicable, fix_source


@dataclass
class FixRun:
    """Every file's findings after fixing; ``fixed_files`` are the files a fix changed."""

    findings: list[Finding] = field(default_factory=list)  # what remains, in file order
    fixed_files: list[FixedFile] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)

    @property
    def fixed_count(self) -> int:
        return sum(len(f.fixed) for f in self.fixed_files)

    def hidden_fixes(self) -> int:
        """Remaining findings whose fix only ``--unsafe-fixes`` applies."""
        return sum(1 for f in self.findings if f.fix is not None and not f.fix.safe)


def fix_files(files: Sequence[SourceFile], analyses: Sequence[FileAnalysis], codes: Optional[Sequence[str]],
              keep: Keep, unsafe: bool) -> FixRun:
    """Fix every file whose findings (``analyses``, in ``files`` order) have a fix this run applies.

    A file is read and analyzed again before it is fixed, so that the edits
    always match the text they are applied to. Nothing is written here.
    """
    run = FixRun()
    for source_file, analysis in zip(files, analyses):
        findings = [f for f in analysis.findings if keep(f)]
        if not any(applicable(f, unsafe) for f in findings):
            run.findings.extend(findings)
            run.internal_errors.extend(analysis.internal_errors)
            continue
        try:
            with open(source_file.path, "rb") as handle:
                source = handle.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            run.internal_errors.append(f"{source_file.display}: cannot read it again to fix it: {error}")
            run.findings.extend(findings)
            continue
        fixed = fix_source(source, source_file.display, codes, keep, unsafe)
        run.findings.extend(fixed.remaining)
        run.internal_errors.extend(fixed.internal_errors)
        if fixed.changed:
            run.fixed_files.append(fixed)
    return run


def write_fixed(files: Sequence[SourceFile], run: FixRun) -> None:
    """Write every changed file back, byte for byte as fixed (line endings, encoding kept)."""
    where = {f.display: f.path for f in files}
    for fixed in run.fixed_files:
        with open(where[fixed.path], "w", encoding="utf-8", newline="") as handle:
            handle.write(fixed.text)

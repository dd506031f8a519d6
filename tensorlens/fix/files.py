"""``check --fix`` and ``--diff`` over many files: fix those with a fix to apply, write or diff them."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from dataclasses import dataclass, field
from typing import Sequence

from tensorlens.check.runner import CheckedFile, check_text, decode_source, project_context
from tensorlens.fix.session import Check, FixedFile, applicable, fix_source
from tensorlens.project.files import SourceFile
from tensorlens.results import Finding


@dataclass
class FixRun:
    """Every file's findings after fixing; ``fixed_files`` are the files a fix changed."""

    findings: list[Finding] = field(default_factory=list)  # what remains, in file order
    fixed_files: list[FixedFile] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)

    @property
    def fixed_count(self) -> int:
        return sum(len(f.fixed) for f in self.fixed_files)

    def hidden_fixes(self) -> int:
        """Remaining findings whose fix only ``--unsafe-fixes`` applies."""
        return sum(1 for f in self.findings if f.fix is not None and not f.fix.safe)


def fix_files(files: Sequence[SourceFile], checked: Sequence[CheckedFile], codes: Sequence[frozenset[str]],
              unsafe: bool) -> FixRun:
    """Fix every file whose findings (``checked``, in ``files`` order) have a fix this run applies.

    ``codes[i]`` are the rules of ``files[i]``. A file is read and checked again
    before it is fixed, so that the edits always match the text they change.
    Nothing is written here.
    """
    run = FixRun()
    for source_file, result, file_codes in zip(files, checked, codes):
        if not any(applicable(f, unsafe) for f in result.findings):
            run.findings.extend(result.findings)
            run.internal_errors.extend(result.internal_errors)
            continue
        try:
            with open(source_file.path, "rb") as handle:
                data = handle.read()
            source = decode_source(data)
        except (OSError, UnicodeDecodeError, SyntaxError, LookupError) as error:
            run.internal_errors.append(f"{source_file.display}: cannot read it again to fix it: {error}")
            run.findings.extend(result.findings)
            continue
        fixed = fix_source(source, source_file.display, checker(source_file, file_codes), unsafe)
        run.findings.extend(fixed.remaining)
        run.internal_errors.extend(fixed.internal_errors)
        if fixed.changed:
            run.fixed_files.append(fixed)
            run.encodings[fixed.path] = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    return run


def checker(source_file: SourceFile, codes: frozenset[str]) -> Check:
    """Check a version of one file's text exactly as ``tensorlens check`` does (rules, suppressions, the
    project's modules it imports)."""
    display = source_file.display
    src = source_file.config.src if source_file.config is not None else ()

    def check(text: str) -> tuple[list[Finding], list[str]]:
        result = CheckedFile(display)
        check_text(text, display, codes, result, project_context(Path(source_file.path), src))
        return result.findings, result.internal_errors

    return check


def write_fixed(files: Sequence[SourceFile], run: FixRun) -> None:
    """Write every changed file back in its own encoding and line endings."""
    where = {f.display: f.path for f in files}
    for fixed in run.fixed_files:
        with open(where[fixed.path], "w", encoding=run.encodings[fixed.path], newline="") as handle:
            handle.write(fixed.text)

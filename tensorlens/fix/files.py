"""``check --fix`` and ``--diff`` over many files: fix those with a fix to apply, write or diff them."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from tensorlens.check.limits import FileLimits
from tensorlens.check.notebooks import is_notebook
from tensorlens.check.reading import NotASourceFile, TooLarge, read_source_bytes
from tensorlens.check.runner import CheckedFile, check_text, decode_source, project_context
from tensorlens.fix.session import Check, FixedFile, applicable, fix_source
from tensorlens.fix.writer import Step, WriteRefused, write_atomically
from tensorlens.project.files import SourceFile
from tensorlens.results import Finding


@dataclass
class FixRun:
    """Every file's findings after fixing; ``fixed_files`` are the files a fix changed."""

    findings: list[Finding] = field(default_factory=list)  # what remains, in file order
    fixed_files: list[FixedFile] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    originals: dict[str, bytes] = field(default_factory=dict)  # the bytes each fix was computed from
    unfixed: dict[str, list[Finding]] = field(default_factory=dict)  # each fixed file's findings before fixing

    def keep_unfixed(self, path: str) -> None:
        """The fixes of ``path`` were not written: report its findings as they were before fixing."""
        fixed = next(f for f in self.fixed_files if f.path == path)
        self.fixed_files.remove(fixed)
        at = next((i for i, f in enumerate(self.findings) if f.path == path), None)
        self.findings = [f for f in self.findings if f.path != path]
        if at is None:  # everything was fixed: put it back where the file's findings came in the run
            at = len(self.findings)
        self.findings[at:at] = self.unfixed[path]

    @property
    def fixed_count(self) -> int:
        return sum(len(f.fixed) for f in self.fixed_files)

    def hidden_fixes(self) -> int:
        """Remaining findings whose fix only ``--unsafe-fixes`` applies."""
        return sum(1 for f in self.findings if f.fix is not None and not f.fix.safe)


def fix_files(files: Sequence[SourceFile], checked: Sequence[CheckedFile], codes: Sequence[frozenset[str]],
              unsafe: bool, limits: Optional[Sequence[FileLimits]] = None) -> FixRun:
    """Fix every file whose findings (``checked``, in ``files`` order) have a fix this run applies.

    ``codes[i]`` are the rules of ``files[i]``. A file is read and checked again
    before it is fixed, so that the edits always match the text they change.
    Nothing is written here.
    """
    run = FixRun()
    file_limits = list(limits) if limits is not None else [FileLimits()] * len(files)
    for source_file, result, file_codes, file_limit in zip(files, checked, codes, file_limits):
        # A notebook is not rewritten: its fixes are in its cells' lines, and writing cells back into the
        # notebook's JSON is not done yet. Its findings are reported as found.
        if is_notebook(str(source_file.path)) or not any(applicable(f, unsafe) for f in result.findings):
            run.findings.extend(result.findings)
            run.internal_errors.extend(result.internal_errors)
            continue
        try:
            data = read_source_bytes(str(source_file.path), file_limit)
            source = decode_source(data)
        except (OSError, NotASourceFile, TooLarge, UnicodeDecodeError, SyntaxError, LookupError) as error:
            run.internal_errors.append(f"{source_file.display}: cannot read it again to fix it: {error}")
            run.findings.extend(result.findings)
            continue
        fixed = fix_source(source, source_file.display, checker(source_file, file_codes), unsafe)
        run.findings.extend(fixed.remaining)
        run.internal_errors.extend(fixed.internal_errors)
        if fixed.changed:
            run.fixed_files.append(fixed)
            run.encodings[fixed.path] = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
            run.originals[fixed.path] = data
            run.unfixed[fixed.path] = list(result.findings)
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


def write_fixed(files: Sequence[SourceFile], run: FixRun, roots: Sequence[str],
                on_step: Optional[Step] = None) -> list[str]:
    """Write every changed file back in its own encoding and line endings, each atomically.

    A file that cannot or must not be written (see :mod:`tensorlens.fix.writer`)
    keeps its text and its findings as they were; the errors, one per such
    file, are returned and the other files are still written. ``roots`` are
    the real locations of the paths the run was given.
    """
    where = {f.display: f.path for f in files}
    errors: list[str] = []
    for fixed in list(run.fixed_files):
        try:
            try:
                data = fixed.text.encode(run.encodings[fixed.path])
            except UnicodeEncodeError as error:
                raise WriteRefused(f"the fixed text cannot be written in {error.encoding}; not fixed") from None
            write_atomically(where[fixed.path], data, run.originals[fixed.path], roots, on_step)
        except WriteRefused as refusal:
            errors.append(f"{fixed.path}: {refusal}")
            run.keep_unfixed(fixed.path)
    return errors

"""A Jupyter notebook as one Python module, and the way back from its lines to cells.

The engine sees the code cells in order, as the kernel runs them top to
bottom, so a model moved in one cell and an input made in another meet in the
cell that mixes them. IPython's own syntax (``%matplotlib inline``,
``!pip install``, ``x = !ls``, ``obj?``, a ``%%time`` cell) is not Python: those
lines become ``pass`` (or ``None`` after an ``=``) before analysis, keeping
the line count, so every line of the module is the same line of its cell. A
cell run by another interpreter (``%%bash``, ``%%html``, ``%%writefile``) is
blanked whole. Ruff's server does the same: one source with a cell index.

Findings come back by line: :meth:`NotebookSource.cell_of` gives the cell and
the line within it, and :meth:`NotebookSource.relabel` rewrites the
"line N" in a message (the engine counts the module's lines) as the cell's.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tensorlens.results import Finding, Fix, Related, Span, TextEdit
from tensorlens.source_text import lines_without_breaks

# Cell magics whose body is Python run by the kernel (IPython's own list of such magics).
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy"})
_ESCAPE = re.compile(r"^(\s*)(?:[%!]|\?)")
_HELP = re.compile(r"^(\s*)[\w.]+\?{1,2}\s*$")  # `model?`, `torch.nn.Linear??`
_ASSIGNED_ESCAPE = re.compile(r"^(\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*)[%!]")  # `files = !ls`, `t = %timeit -o f()`
# "line 12", but not "line 12 in model.py": a line of another module of the project, worded by the engine.
_LINE_MENTION = re.compile(r"\bline (\d+)\b(?! in )")


@dataclass(frozen=True)
class Cell:
    """One notebook cell as the editor holds it; ``code`` is False for markdown and raw cells."""

    text: str
    code: bool = True


@dataclass(frozen=True)
class NotebookSource:
    """The code cells as one module (``source``), and where each cell's lines lie in it."""

    cells: tuple[Cell, ...]
    source: str
    starts: tuple[int, ...]  # the 1-based module line of each cell's first line (0 for a cell not analyzed)
    line_counts: tuple[int, ...]  # the lines each cell holds in the module

    def cell_of(self, line: int) -> tuple[int, int]:
        """The 0-based cell index and 1-based line within it of a module line (a line past the module's
        end belongs to the last code cell)."""
        analyzed = [i for i, start in enumerate(self.starts) if start]
        firsts = [self.starts[i] for i in analyzed]
        position = max(bisect_right(firsts, line) - 1, 0)
        index = analyzed[position] if analyzed else 0
        return index, line - self.starts[index] + 1 if analyzed else line

    def cell_span(self, span: Span) -> tuple[int, Span]:
        """The cell of a span's start, and the span within that cell (an end past the cell is clamped to
        the cell's last line)."""
        index, line = self.cell_of(span.line)
        last = max(self.line_counts[index], 1)
        end_line = span.end_line - self.starts[index] + 1
        end_column = span.end_column
        if end_line > last:
            end_line, end_column = last, len(self.cell_lines(index)[last - 1]) + 1 \
                if self.cell_lines(index) else 1
        return index, Span(line, span.column, end_line, end_column)

    def cell_lines(self, index: int) -> list[str]:
        return lines_without_breaks(self.cells[index].text)

    def relabel(self, message: str, cell: int) -> str:
        """A message's "line N" (a module line) as the line in ``cell``, or "cell K line M" in another cell
        (K counted from 1, as Jupyter and Ruff count cells)."""
        def cell_line(match: re.Match[str]) -> str:
            index, line = self.cell_of(int(match.group(1)))
            return f"line {line}" if index == cell else f"cell {index + 1} line {line}"

        return _LINE_MENTION.sub(cell_line, message)

    def cell_finding(self, finding: Finding, path: str) -> tuple[int, Finding]:
        """The cell a finding is in, and the finding in that cell's lines (its notes' spans stay module
        spans: a note may be in another cell)."""
        index, span = self.cell_span(finding.span)
        fix = finding.fix
        if fix is not None:
            edits = tuple(TextEdit(self.cell_span(edit.span)[1], edit.text) for edit in fix.edits
                          if self.cell_of(edit.span.line)[0] == index)
            fix = Fix(fix.description, fix.safe, edits) if len(edits) == len(fix.edits) else None
        related = tuple(Related(note.span, self.relabel(note.message, index), note.path)
                        for note in finding.related)
        return index, Finding(path, span, finding.code, self.relabel(finding.message, index), related, fix)


def concatenate(cells: Sequence[Cell]) -> NotebookSource:
    """The notebook's code cells as one module, IPython syntax blanked."""
    parts: list[str] = []
    starts: list[int] = []
    counts: list[int] = []
    next_line = 1
    for cell in cells:
        if not cell.code:
            starts.append(0)
            counts.append(0)
            continue
        lines = list(_analyzed_lines(cell.text))
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()  # the break ending the cell's last line, not a line of its own
        starts.append(next_line)
        counts.append(len(lines))
        parts.append("\n".join(lines) + "\n")
        next_line += len(lines)
    return NotebookSource(tuple(cells), "".join(parts), tuple(starts), tuple(counts))


@lru_cache(maxsize=4096)
def _analyzed_lines(text: str) -> tuple[str, ...]:
    # An edit changes one cell: the server reassembles the notebook on every keystroke, and the others'
    # lines are known already.
    return tuple(blank_ipython(lines_without_breaks(text)))


def blank_ipython(lines: list[str]) -> list[str]:
    """The cell's lines with IPython escapes made Python, line for line."""
    first = next((line for line in lines if line.strip()), "")
    if first.lstrip().startswith("%%"):
        magic = first.strip()[2:].split(maxsplit=1)[0] if first.strip()[2:] else ""
        if magic not in PYTHON_CELL_MAGICS:
            return ["" for _ in lines]  # another language: nothing to analyze
        lines = list(lines)
        lines[lines.index(first)] = ""
    blanked: list[str] = []
    statement = ""  # the lines of a statement still open (a bracket, a string, a backslash)
    continued = False  # the previous line was an escape ending in a backslash
    for line in lines:
        if continued:
            blanked.append("")
            continued = line.rstrip().endswith("\\")
            continue
        if not statement and _is_escape(line):
            blanked.append(_as_python(line))
            continued = line.rstrip().endswith("\\")
            continue
        blanked.append(line)
        statement = statement + line + "\n"
        if not _is_open(statement):
            statement = ""
    return blanked


def _is_escape(line: str) -> bool:
    return bool(_ESCAPE.match(line) or _HELP.match(line) or _ASSIGNED_ESCAPE.match(line))


def _as_python(line: str) -> str:
    assigned = _ASSIGNED_ESCAPE.match(line)
    if assigned:
        return assigned.group(1) + "None"
    indent = line[:len(line) - len(line.lstrip())]
    return indent + "pass"


def _is_open(statement: str) -> bool:
    """Does the statement go on past its last line (an open bracket or string, a trailing backslash)?"""
    try:
        for _ in tokenize.generate_tokens(io.StringIO(statement).readline):
            pass
    except tokenize.TokenError as error:
        return "EOF in multi-line" in str(error.args[0])
    except (SyntaxError, ValueError):
        return False
    return False


class NotANotebook(ValueError):
    """The file is not a notebook in nbformat 4's JSON (or any version with a ``cells`` list)."""


def read_notebook(data: bytes) -> list[Cell]:
    """The cells of an ``.ipynb`` file (nbformat 4: ``source`` a string or a list of lines)."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotANotebook(f"not a notebook: {error}") from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        raise NotANotebook("not a notebook: no list of cells (nbformat 4 is read)")
    language = _language(document)
    read: list[Cell] = []
    for cell in cells:
        if not isinstance(cell, dict):
            raise NotANotebook("not a notebook: a cell is not an object")
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        read.append(Cell(text, cell.get("cell_type") == "code" and language == "python"))
    return read


def _language(document: dict[str, object]) -> str:
    metadata = document.get("metadata")
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    name = info.get("name") if isinstance(info, dict) else None
    return str(name).lower() if name else "python"  # no kernel recorded: a Python notebook, as Jupyter assumes

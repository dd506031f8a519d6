"""``check`` on a Jupyter notebook: its Python cells as one module, each finding reported in its cell.

A finding in a notebook is reported as Ruff reports one, ``nb.ipynb:cell 3:2:5``: the path of the
finding names the cell (counted from 1, as Jupyter counts), its line and column are the cell's. The
notebook is checked whenever it is named on the command line; a folder's notebooks are not (yet)
collected, and ``--fix`` leaves notebooks alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from tensorlens.notebook_cells import NotANotebook, concatenate, read_notebook
from tensorlens.results import DirectiveWarning

if TYPE_CHECKING:
    from tensorlens.analysis.engine import ProjectContext
    from tensorlens.check.runner import CheckedFile

NOTEBOOK_SUFFIX = ".ipynb"


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIX)


def cell_path(display: str, index: int) -> str:
    """Where a finding in the 0-based cell ``index`` is reported: ``nb.ipynb:cell 3``."""
    return f"{display}:cell {index + 1}"


def check_notebook(data: bytes, display: str, codes: frozenset[str], result: CheckedFile,
                   project: Optional[ProjectContext]) -> None:
    """Check the notebook's bytes into ``result`` (an unreadable notebook is an internal error)."""
    from tensorlens.check.runner import CheckedFile, check_text

    try:
        notebook = concatenate(read_notebook(data))
    except NotANotebook as error:
        result.internal_errors.append(f"{display}: {error}")
        return
    module = CheckedFile(display)
    check_text(notebook.source, display, codes, module, project)
    result.internal_errors.extend(module.internal_errors)
    for finding in module.findings:
        if finding.path != display:  # caused in another module of the project: reported there
            result.findings.append(finding)
            continue
        index, _ = notebook.cell_of(finding.span.line)
        # `--fix` does not rewrite notebooks (the editor's quick fixes do, in the cell): no fix is offered.
        result.findings.append(replace(notebook.cell_finding(finding, cell_path(display, index))[1], fix=None))
    for warning in module.warnings:
        index, line = notebook.cell_of(warning.line)
        result.warnings.append(DirectiveWarning(line, warning.column, f"cell {index + 1}: {warning.message}"))

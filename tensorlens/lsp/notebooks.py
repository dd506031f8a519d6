"""Notebook cells in the language server: one analysis per notebook, its results handed out per cell.

The server analyzes a notebook as one module (:mod:`tensorlens.notebook_cells`)
and keeps, for the version it submitted, which cell document holds which
lines (a :class:`CellLayout`). Each cell then gets its own share of the
result in its own lines: diagnostics published on the cell's URI, and a
cell :class:`Outcome` that code actions, hovers and inlay hints use exactly as
they use a text document's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import unquote

from lsprotocol import types
from pygls.workspace import Workspace

from tensorlens.lsp.analyses import Outcome
from tensorlens.lsp.diagnostics import directive_diagnostic, to_diagnostic
from tensorlens.lsp.positions import to_range
from tensorlens.lsp.worker import AnalysisResult, FactRow
from tensorlens.notebook_cells import Cell, NotebookSource, concatenate
from tensorlens.results import DirectiveWarning, Finding

PYTHON = "python"


@dataclass(frozen=True)
class CellLayout:
    """A notebook version as submitted: its cells' URIs and versions, and the module made of them."""

    notebook_uri: str
    version: int
    cell_uris: tuple[str, ...]
    cell_versions: tuple[Optional[int], ...]
    notebook: NotebookSource

    def index_of(self, cell_uri: str) -> Optional[int]:
        wanted = unquote(cell_uri)
        return next((i for i, uri in enumerate(self.cell_uris) if unquote(uri) == wanted), None)

    def code_cells(self) -> list[int]:
        return [i for i, cell in enumerate(self.notebook.cells) if cell.code]

    def cell_source(self, index: int) -> str:
        """The cell's text as analyzed (IPython escapes made Python, every other line as typed)."""
        start, count = self.notebook.starts[index], self.notebook.line_counts[index]
        lines = self.notebook.source.split("\n")[start - 1:start - 1 + count]
        return "\n".join(lines) + "\n"


def snapshot(workspace: Workspace, notebook_uri: str) -> Optional[CellLayout]:
    """The notebook's cells as they are now (None when it is not open)."""
    notebook = workspace.get_notebook_document(notebook_uri=notebook_uri)
    if notebook is None:
        return None
    uris: list[str] = []
    versions: list[Optional[int]] = []
    cells: list[Cell] = []
    for cell in notebook.cells:
        document = workspace.text_documents.get(unquote(cell.document))
        uris.append(cell.document)
        versions.append(None if document is None else document.version)
        code = cell.kind == types.NotebookCellKind.Code and document is not None \
            and PYTHON in (document.language_id or PYTHON).lower()
        cells.append(Cell(document.source if document is not None else "", code))
    return CellLayout(notebook.uri, notebook.version, tuple(uris), tuple(versions), concatenate(cells))


def cell_diagnostics(layout: CellLayout, result: AnalysisResult, encoding: str) -> dict[str, list[types.Diagnostic]]:
    """Every code cell's diagnostics (an empty list for a cell without findings), by cell URI."""
    diagnostics: dict[str, list[types.Diagnostic]] = {layout.cell_uris[i]: [] for i in layout.code_cells()}
    for finding in result.findings:
        index, local = layout.notebook.cell_finding(finding, finding.path)
        lines = layout.notebook.cell_lines(index)
        diagnostic = to_diagnostic(layout.cell_uris[index], lines, _without_notes(local), encoding)
        diagnostic.related_information = _notes(layout, finding, encoding) or None
        diagnostics.setdefault(layout.cell_uris[index], []).append(diagnostic)
    for warning in result.warnings:
        index, line = layout.notebook.cell_of(warning.line)
        local_warning = DirectiveWarning(line, warning.column, warning.message)
        diagnostics.setdefault(layout.cell_uris[index], []).append(
            directive_diagnostic(layout.notebook.cell_lines(index), local_warning, encoding))
    return diagnostics


def cell_outcome(layout: CellLayout, outcome: Outcome, cell_uri: str) -> Optional[Outcome]:
    """The notebook's outcome seen from one cell: its findings, warnings and facts in the cell's lines,
    with the cell document's version (what code actions and hovers of that cell work from)."""
    index = layout.index_of(cell_uri)
    if index is None or not layout.notebook.cells[index].code:
        return None
    notebook = layout.notebook
    findings = [local for local_index, local in (notebook.cell_finding(f, f.path) for f in outcome.result.findings)
                if local_index == index]
    warnings = [DirectiveWarning(line, w.column, w.message) for w in outcome.result.warnings
                for cell, line in [notebook.cell_of(w.line)] if cell == index]
    facts = [_cell_fact(notebook, row) for row in outcome.result.facts if notebook.cell_of(row[0])[0] == index]
    result = AnalysisResult(findings=[_without_notes(f) for f in findings], warnings=warnings, facts=facts,
                            facts_pending=outcome.result.facts_pending)
    return Outcome(layout.cell_versions[index], layout.cell_source(index), result)


def _cell_fact(notebook: NotebookSource, row: FactRow) -> FactRow:
    line, column, end_line, end_column, text, description = row
    index = notebook.cell_of(line)[0]
    start = notebook.starts[index]
    return line - start + 1, column, end_line - start + 1, end_column, text, notebook.relabel(description, index)


def _without_notes(finding: Finding) -> Finding:
    # Notes of a notebook finding may lie in other cells: they are placed by _notes, on the cells' URIs.
    return Finding(finding.path, finding.span, finding.code, finding.message, (), finding.fix)


def _notes(layout: CellLayout, finding: Finding, encoding: str) -> list[types.DiagnosticRelatedInformation]:
    """A finding's notes, each on the cell it points into (a note in another file of the project is dropped:
    the notebook has no line of it)."""
    notes = []
    own_cell = layout.notebook.cell_of(finding.span.line)[0]
    for note in finding.related:
        if note.path is not None and note.path != finding.path:
            continue
        index, span = layout.notebook.cell_span(note.span)
        location = types.Location(uri=layout.cell_uris[index],
                                  range=to_range(layout.notebook.cell_lines(index), span, encoding))
        notes.append(types.DiagnosticRelatedInformation(
            location=location, message=layout.notebook.relabel(note.message, own_cell)))
    return notes

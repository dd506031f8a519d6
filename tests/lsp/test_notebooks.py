"""Jupyter notebooks over LSP notebook document sync: one analysis per notebook, diagnostics on each cell."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsprotocol import types
from recording_client import RecordingClient, capabilities

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from snippets import as_meta, run_torch

# The model moves in cell 1, the input is made in cell 3 (cell 2 is markdown), they meet in cell 4.
MOVED = "import torch\nmodel = torch.nn.Linear(4, 2)\nmodel.cuda()\n"
MARKDOWN = "# Data\nThe batch is made on the CPU.\n"
INPUT = "%matplotlib inline\n!pip install tqdm\nx = torch.randn(8, 4)\n"
MIXED = "%%time\nout = model(x)\n"
MIXED_FIXED = "%%time\nout = model(x.cuda())\n"


def cell_uri(notebook: str, index: int) -> str:
    return f"vscode-notebook-cell:{notebook.removeprefix('file:')}#W{index}sZmlsZQ%3D%3D"


def code(uri: str) -> types.NotebookCell:
    return types.NotebookCell(kind=types.NotebookCellKind.Code, document=uri)


def cell_document(uri: str, text: str, language: str = "python", version: int = 1) -> types.TextDocumentItem:
    return types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)


async def start_with_notebooks(client: RecordingClient, root: Path, pull: bool = False) -> None:
    caps = capabilities(pull=pull)
    caps.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities())
    result = await client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)]))
    selector = result.capabilities.notebook_document_sync.notebook_selector[0]
    assert selector.notebook == "jupyter-notebook" and selector.cells[0].language == "python"


def open_notebook(client: RecordingClient, notebook: str, texts: list[str], kinds: list[str]) -> list[str]:
    """Open the notebook; ``kinds`` says "code" or "markdown" for each cell. Returns the cells' URIs."""
    uris = [cell_uri(notebook, i) for i in range(len(texts))]
    cells = [types.NotebookCell(kind=types.NotebookCellKind.Code if kind == "code" else types.NotebookCellKind.Markup,
                                document=uri) for uri, kind in zip(uris, kinds)]
    documents = [cell_document(uri, text, "python" if kind == "code" else "markdown")
                 for uri, text, kind in zip(uris, texts, kinds)]
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(uri=notebook, notebook_type="jupyter-notebook", version=1,
                                                 cells=cells),
        cell_text_documents=documents))
    return uris


def change_cells(client: RecordingClient, notebook: str, version: int,
                 cells: types.NotebookDocumentCellChanges) -> None:
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=notebook, version=version),
        change=types.NotebookDocumentChangeEvent(cells=cells)))


def replace_text(uri: str, version: int, text: str) -> types.NotebookDocumentCellContentChanges:
    return types.NotebookDocumentCellContentChanges(
        document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        changes=[types.TextDocumentContentChangeWholeDocument(text=text)])


def test_the_cells_run_in_order_raise_the_device_error():
    with pytest.raises(RuntimeError, match="device"):
        run_torch(as_meta(MOVED + INPUT.split("\n", 2)[2] + MIXED.split("\n", 1)[1]))
    run_torch(as_meta(MOVED + INPUT.split("\n", 2)[2] + MIXED_FIXED.split("\n", 1)[1]))


@pytest.fixture
def notebook_uri(tmp_path: Path) -> str:
    return (tmp_path / "train.ipynb").as_uri()


@pytest.mark.asyncio
async def test_tl201_across_cells_lands_on_the_cell_that_mixes(bare_client: RecordingClient, tmp_path: Path,
                                                                notebook_uri: str):
    client = bare_client
    await start_with_notebooks(client, tmp_path)
    uris = open_notebook(client, notebook_uri, [MOVED, MARKDOWN, INPUT, MIXED],
                         ["code", "markdown", "code", "code"])
    (diagnostic,) = await client.diagnostics_for(uris[3], 1)
    assert diagnostic.code == "TL201"
    assert diagnostic.range.start == types.Position(line=1, character=6)  # `model(x)` in the cell's line 2
    assert "moved at cell 1 line 3" in diagnostic.message and "created at cell 3 line 3" in diagnostic.message
    notes = [(note.location.uri, note.location.range.start.line) for note in diagnostic.related_information]
    assert notes == [(uris[0], 2), (uris[2], 2)]
    # Every other code cell is cleared (the magics are no syntax error); the markdown cell gets nothing.
    assert await client.diagnostics_for(uris[0], 1) == []
    assert await client.diagnostics_for(uris[2], 1) == []
    assert client.publications(uris[1]) == []


@pytest.mark.asyncio
async def test_the_fixed_notebook_has_no_finding(client: RecordingClient, tmp_path: Path, notebook_uri: str):
    uris = open_notebook(client, notebook_uri, [MOVED, MARKDOWN, INPUT, MIXED_FIXED],
                         ["code", "markdown", "code", "code"])
    for uri in (uris[0], uris[2], uris[3]):
        assert await client.diagnostics_for(uri, 1) == []


@pytest.mark.asyncio
async def test_editing_a_cell_reanalyzes_and_the_fix_clears_it(client: RecordingClient, notebook_uri: str):
    uris = open_notebook(client, notebook_uri, [MOVED, INPUT, MIXED], ["code"] * 3)
    assert [d.code for d in await client.diagnostics_for(uris[2], 1)] == ["TL201"]
    change_cells(client, notebook_uri, 2, types.NotebookDocumentCellChanges(
        text_content=[replace_text(uris[2], 2, MIXED_FIXED)]))
    assert await client.diagnostics_for(uris[2], 2) == []


@pytest.mark.asyncio
async def test_a_syntax_error_in_one_cell_keeps_the_other_cells_findings(client: RecordingClient,
                                                                         notebook_uri: str):
    broken = "y = (\n"
    uris = open_notebook(client, notebook_uri, [MOVED, broken, INPUT, MIXED], ["code"] * 4)
    (syntax,) = await client.diagnostics_for(uris[1], 1)
    assert syntax.code == "TL000" and syntax.range.start.line == 0
    assert [d.code for d in await client.diagnostics_for(uris[3], 1)] == ["TL201"]


@pytest.mark.asyncio
async def test_moving_the_input_cell_after_the_use_reanalyzes(client: RecordingClient, notebook_uri: str):
    uris = open_notebook(client, notebook_uri, [MOVED, INPUT, MIXED], ["code"] * 3)
    assert [d.code for d in await client.diagnostics_for(uris[2], 1)] == ["TL201"]
    # The input cell moves below the cell that uses it: `x` is no longer known there.
    change_cells(client, notebook_uri, 2, types.NotebookDocumentCellChanges(
        structure=types.NotebookDocumentCellChangeStructure(
            array=types.NotebookCellArrayChange(start=1, delete_count=2, cells=[code(uris[2]), code(uris[1])]))))
    await client.wait_for(lambda: len(client.publications(uris[2])) >= 2, "the moved notebook's diagnostics")
    assert not client.publications(uris[2])[-1].diagnostics
    # A client may send a moved cell as closed and opened again: it stays open, with its text.
    change_cells(client, notebook_uri, 3, types.NotebookDocumentCellChanges(
        structure=types.NotebookDocumentCellChangeStructure(
            array=types.NotebookCellArrayChange(start=1, delete_count=2, cells=[code(uris[1]), code(uris[2])]),
            did_open=[cell_document(uris[1], INPUT)],
            did_close=[types.TextDocumentIdentifier(uri=uris[1])])))
    await client.wait_for(lambda: client.publications(uris[2])[-1].diagnostics, "TL201 back after the move")


@pytest.mark.asyncio
async def test_a_deleted_cell_is_cleared(client: RecordingClient, notebook_uri: str):
    uris = open_notebook(client, notebook_uri, [MOVED, INPUT, MIXED], ["code"] * 3)
    assert [d.code for d in await client.diagnostics_for(uris[2], 1)] == ["TL201"]
    change_cells(client, notebook_uri, 2, types.NotebookDocumentCellChanges(
        structure=types.NotebookDocumentCellChangeStructure(
            array=types.NotebookCellArrayChange(start=2, delete_count=1),
            did_close=[types.TextDocumentIdentifier(uri=uris[2])])))
    await client.wait_for(lambda: not client.publications(uris[2])[-1].diagnostics, "the deleted cell cleared")


@pytest.mark.asyncio
async def test_hover_and_noqa_quick_fix_on_a_cell(client: RecordingClient, notebook_uri: str):
    uris = open_notebook(client, notebook_uri, [MOVED, INPUT, MIXED], ["code"] * 3)
    (diagnostic,) = await client.diagnostics_for(uris[2], 1)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uris[1]), position=types.Position(line=2, character=0)))
    assert hover is not None and hover.contents.value.startswith("**`x`**")
    assert hover.range.start == types.Position(line=2, character=0)
    used = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uris[2]), position=types.Position(line=1, character=7)))
    assert used.contents.value.startswith("**`model`**") and "moved at cell 1 line 3" in used.contents.value
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uris[2]), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    suppress = next(a for a in actions if "ignore" in a.title.lower() or "suppress" in a.title.lower())
    (edit,) = suppress.edit.document_changes
    assert edit.text_document.uri == uris[2] and edit.text_document.version == 1
    assert edit.edits[0].range.start.line == 1 and "tensorlens: ignore[TL201]" in edit.edits[0].new_text


@pytest.mark.asyncio
async def test_a_pull_client_gets_cells_pushed(bare_client: RecordingClient, tmp_path: Path, notebook_uri: str):
    client = bare_client
    await start_with_notebooks(client, tmp_path, pull=True)
    uris = open_notebook(client, notebook_uri, [MOVED, INPUT, MIXED], ["code"] * 3)
    assert [d.code for d in await client.diagnostics_for(uris[2], 1)] == ["TL201"]
    pulled = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uris[2])))
    assert not pulled.items  # pushed already: a pulled copy would show twice


@pytest.mark.asyncio
async def test_closing_the_notebook_clears_its_cells(client: RecordingClient, notebook_uri: str):
    uris = open_notebook(client, notebook_uri, [MOVED, INPUT, MIXED], ["code"] * 3)
    assert [d.code for d in await client.diagnostics_for(uris[2], 1)] == ["TL201"]
    client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(
        notebook_document=types.NotebookDocumentIdentifier(uri=notebook_uri),
        cell_text_documents=[types.TextDocumentIdentifier(uri=uri) for uri in uris]))
    await client.wait_for(lambda: not client.publications(uris[2])[-1].diagnostics, "the closed cell cleared")


@pytest.mark.asyncio
async def test_a_cell_turned_to_markdown_loses_its_diagnostics(client: RecordingClient, notebook_uri: str):
    uris = open_notebook(client, notebook_uri, [MOVED, INPUT, MIXED], ["code"] * 3)
    assert [d.code for d in await client.diagnostics_for(uris[2], 1)] == ["TL201"]
    markdown = types.NotebookCell(kind=types.NotebookCellKind.Markup, document=uris[2])
    change_cells(client, notebook_uri, 2, types.NotebookDocumentCellChanges(data=[markdown]))
    await client.wait_for(lambda: not client.publications(uris[2])[-1].diagnostics, "the markdown cell cleared")


@pytest.mark.asyncio
async def test_an_untitled_notebook_is_analyzed(client: RecordingClient):
    notebook = "untitled:Untitled-1.ipynb"
    uris = [f"vscode-notebook-cell:Untitled-1.ipynb#W{i}sdW50aXRsZWQ%3D" for i in range(3)]
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(uri=notebook, notebook_type="jupyter-notebook", version=1,
                                                 cells=[code(uri) for uri in uris]),
        cell_text_documents=[cell_document(uri, text) for uri, text in zip(uris, [MOVED, INPUT, MIXED])]))
    assert [d.code for d in await client.diagnostics_for(uris[2], 1)] == ["TL201"]

"""A document saved in a project is analyzed with what it imports from the project (issue 18 in the editor)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from recording_client import RecordingClient, uri_in

pytestmark = pytest.mark.asyncio

MAKER = "import torch\ndef make():\n    return torch.ones(3)\n"
MAIN = "import torch\nfrom utils import make\ny = make().cuda() + make()\n"


def saved(root: Path, name: str, text: str) -> str:
    (root / name).write_text(text)
    return uri_in(root, name)


async def test_a_function_of_a_project_module_brings_its_facts(client: RecordingClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("")
    saved(tmp_path, "utils.py", MAKER)
    uri = saved(tmp_path, "main.py", MAIN)
    client.open(uri, MAIN)
    (finding,) = await client.diagnostics_for(uri, 1)
    assert (finding.code, finding.range.start.line, finding.range.start.character) == ("TL201", 2, 4)


async def test_a_changed_project_module_is_read_again(client: RecordingClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("")
    saved(tmp_path, "utils.py", MAKER)
    uri = saved(tmp_path, "main.py", MAIN)
    client.open(uri, MAIN)
    assert [d.code for d in await client.diagnostics_for(uri, 1)] == ["TL201"]
    # make() now returns a CUDA tensor too: both sides agree.
    (tmp_path / "utils.py").write_text(MAKER.replace("torch.ones(3)", "torch.ones(3).cuda()"))
    client.replace(uri, 2, MAIN + "\n")
    assert await client.diagnostics_for(uri, 2) == []


async def test_a_finding_the_document_causes_in_another_file_is_not_shown_on_it(client: RecordingClient,
                                                                                 tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("")
    helper = "def grow(t):\n    return t.cuda() + t\n"
    caller = ("import torch\nfrom helper import grow\nx = grow(torch.ones(2))\n"
              "y = torch.ones(2).cuda() + torch.ones(2)\n")
    saved(tmp_path, "helper.py", helper)
    uri = saved(tmp_path, "caller.py", caller)
    client.open(uri, caller)
    diagnostics = await client.diagnostics_for(uri, 1)
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("TL201", 3)]


async def test_an_unsaved_document_is_analyzed_alone(client: RecordingClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("")
    saved(tmp_path, "utils.py", MAKER)
    uri = uri_in(tmp_path, "notyet.py")  # not on disk
    client.open(uri, MAIN)
    assert await client.diagnostics_for(uri, 1) == []


async def test_saving_a_project_module_reanalyzes_the_open_documents_that_import_it(client: RecordingClient,
                                                                                     tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("")
    utils = saved(tmp_path, "utils.py", MAKER)
    uri = saved(tmp_path, "main.py", MAIN)
    client.open(uri, MAIN)
    assert [d.code for d in await client.diagnostics_for(uri, 1)] == ["TL201"]
    fixed = MAKER.replace("torch.ones(3)", "torch.ones(3).cuda()")
    client.open(utils, MAKER)
    client.replace(utils, 2, fixed)
    (tmp_path / "utils.py").write_text(fixed)
    published = len(client.publications(uri))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=utils)))
    await client.wait_for(lambda: len(client.publications(uri)) > published, "main.py published again")
    assert client.publications(uri)[-1].version == 1
    assert not client.publications(uri)[-1].diagnostics

"""Pull diagnostics (textDocument/diagnostic) for clients that declare them; such clients get no pushes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig
from recording_client import SERVER_COMMAND, RecordingClient, long_script, make_client, sample, start, uri_in

pytestmark = pytest.mark.asyncio

LEAF = "import torch\n\nw = torch.randn(3, requires_grad=True)\nw.add_(1)\n"


async def pull(client: RecordingClient, uri: str, previous: str | None = None):
    return await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), identifier="tensorlens", previous_result_id=previous))


async def test_pull_reports_the_current_version_with_result_ids(bare_client: RecordingClient, tmp_path: Path):
    result = await start(bare_client, tmp_path, pull=True)
    assert result.capabilities.diagnostic_provider.identifier == "tensorlens"
    uri = uri_in(tmp_path, "mix.py")
    bare_client.open(uri, sample("device_mismatch.py"))
    first = await pull(bare_client, uri)
    assert first.kind == "full"
    assert [d.code for d in first.items] == ["TL201", "TL201"]
    assert first.items[0].code_description.href.endswith("/rules/TL201.md")
    again = await pull(bare_client, uri, first.result_id)
    assert again.kind == "unchanged" and again.result_id == first.result_id
    # Asked right after an edit: the answer waits for the new text's analysis.
    bare_client.replace(uri, 2, LEAF)
    second = await pull(bare_client, uri, first.result_id)
    assert second.kind == "full" and [d.code for d in second.items] == ["TL101"]
    assert second.result_id != first.result_id
    assert bare_client.published == []  # a pull client gets nothing pushed


async def test_pull_for_an_unknown_document_is_empty(bare_client: RecordingClient, tmp_path: Path):
    await start(bare_client, tmp_path, pull=True)
    report = await pull(bare_client, uri_in(tmp_path, "never_opened.py"))
    assert report.kind == "full" and list(report.items) == []


async def test_settings_change_asks_pull_clients_to_refresh(bare_client: RecordingClient, tmp_path: Path):
    await start(bare_client, tmp_path, pull=True, configuration=False)
    uri = uri_in(tmp_path, "leaf.py")
    bare_client.open(uri, LEAF)
    assert [d.code for d in (await pull(bare_client, uri)).items] == ["TL101"]
    bare_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"tensorlens": {"ignore": ["TL101"]}}))
    await bare_client.wait_for(lambda: bare_client.diagnostic_refresh_count > 0, "workspace/diagnostic/refresh")
    assert list((await pull(bare_client, uri)).items) == []


async def test_a_pull_after_a_settings_change_never_gets_the_old_findings(bare_client: RecordingClient,
                                                                           tmp_path: Path):
    # Issue 21: changing tensorlens.select/ignore left the old problems until the next edit. The pull
    # the refresh causes came while the same version was reanalyzed, and got the old analysis.
    await start(bare_client, tmp_path, pull=True, configuration=False)
    uri = uri_in(tmp_path, "long.py")
    bare_client.open(uri, long_script(4000))  # its analysis takes longer than a pull's round trip
    assert [d.code for d in (await pull(bare_client, uri)).items] == ["TL101"]
    bare_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"tensorlens": {"ignore": ["TL101"]}}))
    assert list((await pull(bare_client, uri)).items) == []
    bare_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"tensorlens": {}}))
    assert [d.code for d in (await pull(bare_client, uri)).items] == ["TL101"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client,
                                              server_env={**os.environ, "TENSORLENS_LSP_WAIT_S": "0"}))
async def impatient_client(lsp_client: RecordingClient):
    """A server whose requests wait for no analysis: every early pull is answered with nothing."""
    yield
    await lsp_client.shutdown_session()


async def test_a_pull_answered_before_the_analysis_is_corrected_by_a_refresh(impatient_client: RecordingClient,
                                                                              tmp_path: Path):
    # Issue 21: the first pull of a file was answered with nothing after a wait, and never corrected
    # (byobnet.py: no problems for 75 s, 8 after one key).
    client = impatient_client
    await start(client, tmp_path, pull=True)
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)
    early = await pull(client, uri)
    assert list(early.items) == [] and early.result_id is None
    await client.wait_for(lambda: client.diagnostic_refresh_count > 0, "workspace/diagnostic/refresh")
    assert [d.code for d in (await pull(client, uri)).items] == ["TL101"]

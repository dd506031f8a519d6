"""Pull diagnostics (textDocument/diagnostic) for clients that declare them; such clients get no pushes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from recording_client import RecordingClient, sample, start, uri_in

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

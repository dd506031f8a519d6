"""Configuration: [tool.tensorlens] in pyproject.toml, overridden by the client's ``tensorlens`` settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from recording_client import RecordingClient, sample, start, uri_in

pytestmark = pytest.mark.asyncio

LEAF = "import torch\n\nw = torch.randn(3, requires_grad=True)\nw.add_(1)\n"
BOTH = sample("device_mismatch.py") + "\nw = torch.randn(3, requires_grad=True)\nw.add_(1)\n"


def codes(client: RecordingClient, uri: str) -> list[str]:
    return sorted({d.code for d in client.publications(uri)[-1].diagnostics})


async def latest_codes(client: RecordingClient, uri: str, expected: list[str]) -> None:
    """Wait until the document's latest diagnostics have exactly these codes."""
    await client.wait_for(lambda: client.publications(uri) and codes(client, uri) == expected,
                          f"codes {expected} for {uri}")


async def test_initialization_options(bare_client: RecordingClient, tmp_path: Path):
    await start(bare_client, tmp_path, configuration=False, options={"tensorlens": {"ignore": ["TL201"]}})
    uri = uri_in(tmp_path, "both.py")
    bare_client.open(uri, BOTH)
    assert [d.code for d in await bare_client.diagnostics_for(uri, 1)] == ["TL101"]


async def test_workspace_configuration_is_asked_for(bare_client: RecordingClient, tmp_path: Path):
    bare_client.set_configuration({"select": ["TL2"]}, section="tensorlens")
    await start(bare_client, tmp_path)
    uri = uri_in(tmp_path, "both.py")
    bare_client.open(uri, BOTH)
    await latest_codes(bare_client, uri, ["TL201"])


async def test_did_change_configuration_pulls_and_republishes(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "both.py")
    client.open(uri, BOTH)
    await latest_codes(client, uri, ["TL101", "TL201"])
    client.set_configuration({"ignore": ["TL101"]}, section="tensorlens")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await latest_codes(client, uri, ["TL201"])
    client.set_configuration({"enable": False}, section="tensorlens")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await latest_codes(client, uri, [])
    client.set_configuration({}, section="tensorlens")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await latest_codes(client, uri, ["TL101", "TL201"])


async def test_did_change_configuration_carries_the_settings_for_simple_clients(bare_client: RecordingClient,
                                                                                tmp_path: Path):
    await start(bare_client, tmp_path, configuration=False)
    uri = uri_in(tmp_path, "both.py")
    bare_client.open(uri, BOTH)
    await latest_codes(bare_client, uri, ["TL101", "TL201"])
    bare_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"tensorlens": {"select": ["TL101"]}}))
    await latest_codes(bare_client, uri, ["TL101"])


async def test_bad_settings_are_logged_and_ignored(bare_client: RecordingClient, tmp_path: Path):
    await start(bare_client, tmp_path, configuration=False,
                options={"tensorlens": {"select": ["TL999"], "ignore": 5, "enable": "yes"}})
    uri = uri_in(tmp_path, "both.py")
    bare_client.open(uri, BOTH)
    await latest_codes(bare_client, uri, ["TL101", "TL201"])
    logged = " ".join(m.message for m in bare_client.log_messages)
    assert "TL999" in logged and "`ignore`" in logged and "`enable`" in logged


async def test_pyproject_configuration_and_client_override(bare_client: RecordingClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.tensorlens]\nignore = ["TL201"]\n'
                                             '[tool.tensorlens.per-file-ignores]\n"legacy/*.py" = ["TL101"]\n')
    await start(bare_client, tmp_path, configuration=False)
    uri = uri_in(tmp_path, "both.py")
    bare_client.open(uri, BOTH)
    await latest_codes(bare_client, uri, ["TL101"])
    legacy = (tmp_path / "legacy" / "old.py").as_uri()
    bare_client.open(legacy, BOTH)
    assert await bare_client.diagnostics_for(legacy, 1) == []
    # The client's select replaces the file's selection, as `check --select` does.
    bare_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"tensorlens": {"select": ["TL201"]}}))
    await latest_codes(bare_client, uri, ["TL201"])


async def test_excluded_files_get_no_diagnostics(client: RecordingClient, tmp_path: Path):
    uri = (tmp_path / ".venv" / "lib" / "site.py").as_uri()
    client.open(uri, LEAF)
    assert await client.diagnostics_for(uri, 1) == []


async def test_a_changed_pyproject_is_applied_to_open_documents(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "both.py")
    client.open(uri, BOTH)
    await latest_codes(client, uri, ["TL101", "TL201"])
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.tensorlens]\nselect = ["TL101"]\n')
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Created)]))
    await latest_codes(client, uri, ["TL101"])
    pyproject.write_text('[tool.tensorlens]\nselect = ["TL201"]\n')
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=pyproject.as_uri())))
    await latest_codes(client, uri, ["TL201"])


async def test_a_broken_pyproject_is_shown_once_and_checking_goes_on(client: RecordingClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.tensorlens]\nselect = "TL101"\n')
    for name in ("a.py", "b.py"):
        client.open(uri_in(tmp_path, name), BOTH)
        await latest_codes(client, uri_in(tmp_path, name), ["TL101", "TL201"])
    shown = [m.message for m in client.messages if "pyproject.toml" in m.message]
    assert len(shown) == 1 and "`select` must be a list of strings" in shown[0]


async def test_suppressions_in_the_file_are_honoured(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "suppressed.py")
    client.open(uri, LEAF.replace("w.add_(1)", "w.add_(1)  # tensorlens: ignore[TL101]"))
    assert await client.diagnostics_for(uri, 1) == []
    client.replace(uri, 2, "# tensorlens: ignore-file\n" + BOTH)
    assert await client.diagnostics_for(uri, 2) == []
    client.replace(uri, 3, LEAF.replace("w.add_(1)", "w.add_(1)  # tensorlens: ignore[TL1O1]"))
    diagnostics = await client.diagnostics_for(uri, 3)
    assert sorted(str(d.code) for d in diagnostics) == ["None", "TL101"]
    warning = next(d for d in diagnostics if d.code is None)
    assert warning.severity == types.DiagnosticSeverity.Warning and "TL1O1" in warning.message


async def test_a_pyproject_nested_too_deeply_is_shown_and_checking_goes_on(client: RecordingClient, tmp_path: Path):
    """C7: files under a pyproject.toml that tomllib cannot read (it recurses per nesting level) still get
    their diagnostics, and the configuration error is shown."""
    (tmp_path / "pyproject.toml").write_text("[tool.tensorlens]\nx = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n")
    uri = uri_in(tmp_path, "a.py")
    client.open(uri, BOTH)
    await latest_codes(client, uri, ["TL101", "TL201"])
    shown = [m.message for m in client.messages if "pyproject.toml" in m.message]
    assert len(shown) == 1 and "nest too deeply" in shown[0]

"""Push diagnostics: what a finding looks like in LSP, and when it is (re)published."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from recording_client import RecordingClient, long_script, sample, start, uri_in

from tensorlens.catalogue import rule_info

pytestmark = pytest.mark.asyncio

LEAF = """import torch

w = torch.randn(3, requires_grad=True)
w.add_(1)
"""


async def test_open_publishes_each_finding_with_code_link_and_related(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "device_mismatch.py")
    client.open(uri, sample("device_mismatch.py"))
    diagnostics = await client.diagnostics_for(uri, 1)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in diagnostics] == [
        ("TL201", 25, 9), ("TL201", 26, 7)]
    first = diagnostics[0]
    assert first.source == "tensorlens"
    assert first.severity == types.DiagnosticSeverity.Error
    assert first.code_description.href == rule_info("TL201").help_uri
    assert first.range.end == types.Position(line=25, character=22)
    assert "`model` is on" in first.message and "moved at line 19" in first.message
    related = first.related_information
    assert [(r.location.uri, r.location.range.start.line, r.message) for r in related] == [
        (uri, 18, "`model` is on `device` (cuda when available) from here"),
        (uri, 21, "`images` is on cpu from here")]


async def test_warning_severity(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "shared.py")
    client.open(uri, sample("numpy_shared_mutation.py"))
    (diagnostic,) = await client.diagnostics_for(uri, 1)
    assert diagnostic.code == "TL301"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert len(diagnostic.related_information) == 2


async def test_columns_are_utf16_code_units_on_non_ascii_lines(client: RecordingClient, tmp_path: Path):
    # "é" is one UTF-16 unit, "🔥" two: the finding `w.add_(1)` starts after both.
    text = 'import torch\n\nw = torch.randn(3, requires_grad=True)\ns = "é🔥"; w.add_(1)\n'
    uri = uri_in(tmp_path, "unicode.py")
    client.open(uri, text)
    (diagnostic,) = await client.diagnostics_for(uri, 1)
    line = text.splitlines()[3]
    start = line.index("w.add_")
    assert diagnostic.range.start == types.Position(line=3, character=start + 1)  # one extra unit for 🔥
    assert diagnostic.range.end == types.Position(line=3, character=len(line) + 1)


async def test_change_republishes_for_the_new_version(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)
    assert [d.code for d in await client.diagnostics_for(uri, 1)] == ["TL101"]
    # Incremental edit: `w.add_(1)` -> `w.add(1)` fixes it.
    client.edit(uri, 2, 3, 2, 3, 6, "add")
    assert await client.diagnostics_for(uri, 2) == []
    client.edit(uri, 3, 3, 2, 3, 5, "add_")
    assert [d.code for d in await client.diagnostics_for(uri, 3)] == ["TL101"]


async def test_only_the_latest_of_two_quick_edits_is_published(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "stale.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    # Version 2 is long (its analysis takes a while) and has findings; version 3, sent right
    # after it, has none: version 2's result must never be published.
    client.replace(uri, 2, long_script(2000))
    client.replace(uri, 3, "import torch\n")
    assert await client.diagnostics_for(uri, 3) == []
    versions = [p.version for p in client.publications(uri)]
    assert versions == [1, 3]
    # Nothing older arrives later either: make a round trip and look again.
    await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=8)))
    assert [p.version for p in client.publications(uri)] == [1, 3]


async def test_a_burst_of_edits_ends_with_the_last_version(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "burst.py")
    client.open(uri, LEAF)
    for version in range(2, 22):
        client.replace(uri, version, LEAF + f"x{version} = 1\n")
    assert [d.code for d in await client.diagnostics_for(uri, 21)] == ["TL101"]
    versions = [p.version for p in client.publications(uri)]
    assert versions == sorted(versions)  # never an older version after a newer one


async def test_a_buffer_that_does_not_parse_gets_tl000_and_nothing_stale(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "typing.py")
    client.open(uri, LEAF)
    assert [d.code for d in await client.diagnostics_for(uri, 1)] == ["TL101"]
    client.replace(uri, 2, LEAF + "for x in range(3:\n    pass\n")
    (diagnostic,) = await client.diagnostics_for(uri, 2)
    assert diagnostic.code == "TL000"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.message.startswith("syntax error")
    assert diagnostic.range.start.line in (4, 5)  # where libcst's parser gives up


async def test_save_publishes_again_and_close_clears(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "save.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    count = len(client.publications(uri))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await client.wait_for(lambda: len(client.publications(uri)) > count, "a publish after save")
    assert client.publications(uri)[-1].version == 1
    assert [d.code for d in client.publications(uri)[-1].diagnostics] == ["TL101"]
    client.close(uri)
    await client.wait_for(lambda: not client.publications(uri)[-1].diagnostics, "cleared diagnostics")


async def test_clean_file_publishes_an_empty_list(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "clean.py")
    client.open(uri, sample("tutorial_clean.py"))
    assert await client.diagnostics_for(uri, 1) == []


async def test_non_python_documents_are_left_alone(client: RecordingClient, tmp_path: Path):
    text_uri = uri_in(tmp_path, "notes.md")
    client.open(text_uri, LEAF, language_id="markdown")
    uri = uri_in(tmp_path, "after.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    assert client.publications(text_uri) == []


async def test_columns_follow_a_negotiated_utf8_encoding(bare_client: RecordingClient, tmp_path: Path):
    result = await start(bare_client, tmp_path, encodings=["utf-8", "utf-16"])
    assert result.capabilities.position_encoding == "utf-8"
    text = 'import torch\n\nw = torch.randn(3, requires_grad=True)\ns = "é🔥"; w.add_(1)\n'
    uri = uri_in(tmp_path, "unicode.py")
    bare_client.open(uri, text)
    (diagnostic,) = await bare_client.diagnostics_for(uri, 1)
    line = text.splitlines()[3]
    assert diagnostic.range.start.character == len(line[:line.index("w.add_")].encode("utf-8"))

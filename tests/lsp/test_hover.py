"""Hovers: the engine's facts for a name or attribute chain, and rule docs in suppression comments."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest
from lsprotocol import types
from recording_client import RecordingClient, sample, uri_in

pytestmark = pytest.mark.asyncio


async def hover(client: RecordingClient, uri: str, line: int, character: int) -> Optional[types.Hover]:
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character)))


async def test_hover_on_a_tensor_shows_its_facts(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, sample("inplace_on_leaf.py"))
    await client.diagnostics_for(uri, 1)
    result = await hover(client, uri, 6, 3)  # `features = torch.randn(64, 4)`
    assert result.contents.kind == types.MarkupKind.Markdown
    assert result.contents.value.startswith("**`features`**: tensor")
    assert "- device cpu (created at line 7)" in result.contents.value
    assert "- no grad" in result.contents.value
    assert result.range == types.Range(start=types.Position(line=6, character=0),
                                       end=types.Position(line=6, character=8))


async def test_hover_on_an_attribute_chain_and_a_parameter(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "mix.py")
    client.open(uri, sample("device_mismatch.py"))
    await client.diagnostics_for(uri, 1)
    chain = await hover(client, uri, 10, 14)  # `self.fc1 = nn.Linear(...)`, on `fc1`
    assert chain.contents.value.startswith("**`self.fc1`**: module nn.Linear")
    model = await hover(client, uri, 25, 10)  # `logits = model(images)`, on `model`
    assert "**`model`**: module Classifier" in model.contents.value
    assert "moved at line 19" in model.contents.value


async def test_hover_on_a_parameter_says_it_requires_grad(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, sample("inplace_on_leaf.py"))
    await client.diagnostics_for(uri, 1)
    result = await hover(client, uri, 16, 9)  # `param -= ...`
    assert result.contents.value.startswith("**`param`**: parameter")
    assert "requires_grad" in result.contents.value


async def test_hover_positions_are_utf16_on_non_ascii_lines(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "unicode.py")
    client.open(uri, 'import torch\ns = "🔥🔥"; ténsor = torch.ones(2)\n')
    await client.diagnostics_for(uri, 1)
    # `ténsor` starts at code point 10, UTF-16 unit 12 (each 🔥 is two units).
    result = await hover(client, uri, 1, 13)
    assert result.contents.value.startswith("**`ténsor`**: tensor")
    assert result.range.start == types.Position(line=1, character=12)
    assert result.range.end == types.Position(line=1, character=18)


async def test_hover_follows_the_latest_text(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "moved.py")
    client.open(uri, "import torch\nx = torch.zeros(3)\n")
    await client.diagnostics_for(uri, 1)
    client.replace(uri, 2, 'import torch\nx = torch.zeros(3, device="cuda")\n')
    result = await hover(client, uri, 1, 0)  # asked before version 2's diagnostics arrive
    assert "device cuda" in result.contents.value


async def test_no_hover_where_nothing_is_known(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "plain.py")
    client.open(uri, "import torch\n\nname = 'x'\n")
    await client.diagnostics_for(uri, 1)
    assert await hover(client, uri, 1, 0) is None
    assert await hover(client, uri, 2, 1) is None
    assert await hover(client, uri, 40, 3) is None
    assert await hover(client, uri_in(tmp_path, "never_opened.py"), 0, 0) is None


async def test_hover_on_a_code_in_a_suppression_comment_shows_the_rule_docs(client: RecordingClient,
                                                                           tmp_path: Path):
    uri = uri_in(tmp_path, "suppressed.py")
    text = ("import torch\nw = torch.ones(1, requires_grad=True)\n"
            "w.add_(1)  # tensorlens: ignore[TL101, TL201]\n"
            "y = w.data  # noqa: E501, TL106\n")
    client.open(uri, text)
    line = text.splitlines()[2]
    result = await hover(client, uri, 2, line.index("TL201") + 2)
    assert result.contents.value.startswith("### TL201 device-mismatch (error)")
    for section in ("What it does", "Why is this bad", "Example", "Use instead", "Fix", "References"):
        assert f"## {section}" in result.contents.value
    assert result.range.start == types.Position(line=2, character=line.index("TL201"))
    noqa = await hover(client, uri, 3, text.splitlines()[3].index("TL106"))
    assert noqa.contents.value.startswith("### TL106 data-attribute (warning)")

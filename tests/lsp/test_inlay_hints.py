"""Inlay hints (opt-in): device and requires_grad at assignments of tensors and modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from recording_client import RecordingClient, sample, start, uri_in

pytestmark = pytest.mark.asyncio


async def hints(client: RecordingClient, uri: str, lines: int) -> list[types.InlayHint]:
    answer = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=lines, character=0))))
    return answer or []


async def test_hints_are_off_unless_asked_for(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "mix.py")
    text = sample("device_mismatch.py")
    client.open(uri, text)
    await client.diagnostics_for(uri, 1)
    assert await hints(client, uri, text.count("\n")) == []


async def test_assignments_of_tensors_and_modules_get_device_and_grad(bare_client: RecordingClient, tmp_path: Path):
    await start(bare_client, tmp_path, configuration=False, options={"tensorlens": {"inlayHints": True}})
    uri = uri_in(tmp_path, "mix.py")
    text = sample("device_mismatch.py")
    lines = text.splitlines()
    bare_client.open(uri, text)
    await bare_client.diagnostics_for(uri, 1)
    found = {hint.position.line: hint for hint in await hints(bare_client, uri, len(lines))}
    images = next(i for i, line in enumerate(lines) if line.startswith("images = "))
    model = next(i for i, line in enumerate(lines) if line.startswith("model = "))
    logits = next(i for i, line in enumerate(lines) if line.startswith("logits = "))
    optimizer = next(i for i, line in enumerate(lines) if line.startswith("optimizer = "))
    assert found[images].label == ": cpu · no grad"
    assert found[images].position == types.Position(line=images, character=len("images"))
    assert found[model].label == ": `device` (cuda when available)"
    assert found[logits].label == ": `device` (cuda when available) · requires_grad"
    assert optimizer not in found  # not a tensor or a module
    assert all(not lines[line].lstrip().startswith(("return", "loss.backward")) for line in found)

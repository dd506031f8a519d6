"""Code actions: a finding's fix, "Suppress TLxxx on this line", and fix-all for the file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest
from lsprotocol import types
from recording_client import RecordingClient, apply_edit, sample, uri_in

pytestmark = pytest.mark.asyncio

FIX_ALL = "source.fixAll.tensorlens"
LEAF = """import torch

w = torch.randn(3, requires_grad=True)
w.add_(1)
"""


async def actions_at(client: RecordingClient, uri: str, line: int, character: int = 0,
                     only: Optional[list[str]] = None, end_line: Optional[int] = None) -> list[types.CodeAction]:
    diagnostics = [d for d in client.diagnostics.get(uri, ()) if d.range.start.line <= line <= d.range.end.line]
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=line, character=character),
                          end=types.Position(line=line if end_line is None else end_line, character=character)),
        context=types.CodeActionContext(diagnostics=diagnostics, only=only)))
    return list(result or [])


def titled(actions: list[types.CodeAction], prefix: str) -> types.CodeAction:
    matches = [a for a in actions if a.title.startswith(prefix)]
    assert len(matches) == 1, [a.title for a in actions]
    return matches[0]


async def test_safe_fix_is_a_preferred_quickfix_that_removes_the_finding(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    text = sample("inplace_on_leaf.py")
    client.open(uri, text)
    (diagnostic,) = await client.diagnostics_for(uri, 1)
    actions = await actions_at(client, uri, diagnostic.range.start.line, diagnostic.range.start.character)
    fix = titled(actions, "TL101: ")
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred is True
    assert [d.code for d in fix.diagnostics] == ["TL101"]
    (change,) = fix.edit.document_changes
    assert change.text_document.version == 1  # the edit is only valid for the text it was made for
    fixed = apply_edit(text, fix.edit, uri)
    assert "torch.no_grad()" in fixed
    client.replace(uri, 2, fixed)
    assert await client.diagnostics_for(uri, 2) == []


async def test_unsafe_fix_is_offered_but_not_preferred(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    fix = titled(await actions_at(client, uri, 3, 2), "TL101: ")
    assert fix.title.endswith("(unsafe)")
    assert not fix.is_preferred
    client.replace(uri, 2, apply_edit(LEAF, fix.edit, uri))
    assert await client.diagnostics_for(uri, 2) == []


async def test_suppress_appends_an_ignore_comment(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    action = titled(await actions_at(client, uri, 3), "Suppress TL101 on this line")
    assert action.kind == types.CodeActionKind.QuickFix
    assert apply_edit(LEAF, action.edit, uri).splitlines()[3] == "w.add_(1)  # tensorlens: ignore[TL101]"


async def test_suppress_extends_an_existing_ignore_comment(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "mix.py")
    text = sample("device_mismatch.py").replace(
        "logits = model(images)", "logits = model(images)  # tensorlens: ignore[TL101]   ")
    client.open(uri, text)
    diagnostics = await client.diagnostics_for(uri, 1)
    line = next(d.range.start.line for d in diagnostics if d.range.start.line == 25)
    action = titled(await actions_at(client, uri, line, 12), "Suppress TL201 on this line")
    assert apply_edit(text, action.edit, uri).splitlines()[25] == \
        "logits = model(images)  # tensorlens: ignore[TL101, TL201]   "


async def test_suppress_after_another_comment(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    text = LEAF.replace("w.add_(1)", "w.add_(1)  # step  ")
    client.open(uri, text)
    await client.diagnostics_for(uri, 1)
    action = titled(await actions_at(client, uri, 3), "Suppress TL101 on this line")
    assert apply_edit(text, action.edit, uri).splitlines()[3] == "w.add_(1)  # step  # tensorlens: ignore[TL101]"


async def test_fix_all_applies_every_safe_fix(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    text = sample("inplace_on_leaf.py")
    client.open(uri, text)
    await client.diagnostics_for(uri, 1)
    (action,) = await actions_at(client, uri, 0, only=[types.CodeActionKind.SourceFixAll])
    assert action.kind == FIX_ALL
    assert action.title == "Fix all TensorLens safe fixes in this file"
    fixed = apply_edit(text, action.edit, uri)
    client.replace(uri, 2, fixed)
    assert await client.diagnostics_for(uri, 2) == []


async def test_fix_all_is_not_offered_without_safe_fixes(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)  # its only fix is unsafe
    await client.diagnostics_for(uri, 1)
    assert await actions_at(client, uri, 0, only=[FIX_ALL]) == []
    assert FIX_ALL not in [a.kind for a in await actions_at(client, uri, 3)]


async def test_only_quickfix_leaves_out_source_actions(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, sample("inplace_on_leaf.py"))
    await client.diagnostics_for(uri, 1)
    kinds = {a.kind for a in await actions_at(client, uri, 16, 10, only=[types.CodeActionKind.QuickFix])}
    assert kinds == {types.CodeActionKind.QuickFix}
    kinds = {a.kind for a in await actions_at(client, uri, 16, 10)}
    assert kinds == {types.CodeActionKind.QuickFix, FIX_ALL}


async def test_no_actions_away_from_findings_and_for_unknown_documents(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    assert await actions_at(client, uri, 0) == []
    assert await actions_at(client, uri_in(tmp_path, "never_opened.py"), 0) == []


async def test_actions_follow_the_latest_text(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    # Ask right after an edit that moves the finding down two lines, without waiting for diagnostics.
    client.replace(uri, 2, "\n\n" + LEAF)
    action = titled(await actions_at(client, uri, 5), "Suppress TL101 on this line")
    (change,) = action.edit.document_changes
    assert change.text_document.version == 2
    assert change.edits[0].range.start.line == 5


async def test_applying_suppress_removes_the_diagnostic(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "leaf.py")
    client.open(uri, LEAF)
    await client.diagnostics_for(uri, 1)
    action = titled(await actions_at(client, uri, 3), "Suppress TL101 on this line")
    client.replace(uri, 2, apply_edit(LEAF, action.edit, uri))
    assert await client.diagnostics_for(uri, 2) == []


async def test_no_suppress_action_where_a_comment_cannot_go(client: RecordingClient, tmp_path: Path):
    uri = uri_in(tmp_path, "continued.py")
    text = LEAF.replace("w.add_(1)", "w.add_(1) + \\\n    0")
    client.open(uri, text)
    (diagnostic,) = await client.diagnostics_for(uri, 1)
    titles = [a.title for a in await actions_at(client, uri, diagnostic.range.start.line)]
    assert not [t for t in titles if t.startswith("Suppress")]

"""The server's copy of a document stays the editor's, whatever characters its lines hold (issue 23: W3).

pygls split documents with str.splitlines, which also breaks lines at form
feeds, vertical tabs, \\x1c-\\x1e, NEL, U+2028 and U+2029: an incremental change
then landed on the wrong line, and the diagnostics described a text nobody had
(a TL202 went missing).
"""

from __future__ import annotations

import pytest
from raw_server import RawServer
from recording_client import uri_in

SEPARATORS = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    root = tmp_path_factory.mktemp("sync")
    server = RawServer(cwd=root)
    server.initialize(root)
    yield server, root
    server.close()


@pytest.mark.parametrize("separator", SEPARATORS, ids=[f"U+{ord(s):04X}" for s in SEPARATORS])
def test_incremental_edits_after_a_line_with_a_separator_land_where_the_editor_put_them(raw, separator: str):
    server, root = raw
    uri = uri_in(root, f"sep_{ord(separator):04x}.py")
    text = f"import torch  # a comment with {separator} inside\nb = torch.ones(2)\nx = 1\n"
    server.open(uri, text)
    assert server.diagnostics(uri, 1) == []
    # LSP's line 2 is `x = 1` (the separator ends no line): replace it with a discarded move.
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 5}},
         "text": 'b.to("cuda")'}]})
    [diagnostic] = server.diagnostics(uri, 2)
    assert diagnostic["code"] == "TL202"
    assert diagnostic["range"]["start"] == {"line": 2, "character": 0}
    # and a second edit, on the separator's own line, is applied there too
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
         "text": "import numpy as np\n"}]})
    [moved] = server.diagnostics(uri, 3)
    assert moved["code"] == "TL202" and moved["range"]["start"] == {"line": 3, "character": 0}

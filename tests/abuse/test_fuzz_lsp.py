"""Hypothesis over LSP message sequences, against the real server over stdio.

A document is opened and then changed by random incremental and full edits
whose text is full of what trips line counting (form feeds, U+2028, NEL,
lone CRs, CRLFs, tabs, non-ASCII letters and emoji), mixed with junk frames
and hovers at random positions. The test keeps its own model of the editor's
text (lines end only at CR, LF and CRLF; columns in UTF-16 units, as LSP says).
Whatever the sequence, the server stays up, never answers an internal error,
and the diagnostics it publishes for the last version are exactly those of the
same text opened fresh: its copy of the text never drifted (W3 of issue 23).
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lsp"))
from raw_server import RawServer

LINE_END = re.compile(r"\r\n|\r|\n")
# Pieces of text the edits are made of: code that yields findings, and characters that break naive line splitting.
PIECES = ["import torch\n", "w = torch.ones(3, requires_grad=True)\n", "w.add_(1)\n", "b = torch.ones(2)\n",
          'b.to("cuda")\n', "x = 1\n", "# comment\n", "\n", "\r\n", "\r", "\x0c", "\u2028", "\u2029", "\x85", "\x0b",
          "\t", "    ", "é", "中", "🔥", "(", ")", "[", "]", ":", "if x:\n", "def f():\n", "w", ".", "add_", "1"]
SEPARATORS = ["\x0c", "\u2028", "\u2029", "\x85", "\x0b", "\x1c", "\r"]
LINES = ["import torch\n", "w = torch.ones(3, requires_grad=True)\n", "w.add_(1)\n", "b = torch.ones(2)\n",
         'b.to("cuda")\n', "x = 1  # note\n", "\n"]


@st.composite
def line_with_a_separator(draw: Any) -> str:
    """A line of code with a character that str.splitlines (but not LSP) takes for a line end."""
    line = draw(st.sampled_from(LINES))
    at = draw(st.integers(0, len(line) - 1))
    return line[:at] + draw(st.sampled_from(SEPARATORS)) + line[at:]


text_strategy = st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(LINES), line_with_a_separator()),
                         max_size=12).map("".join)
counter = itertools.count()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("lspfuzz")
    raw = RawServer(cwd=root)
    raw.initialize(root)
    yield raw, root
    raw.close()


def lines_of(text: str) -> list[str]:
    """LSP's lines (without their ends): only CR, LF and CRLF end a line."""
    return LINE_END.split(text)


def offset_of(text: str, line: int, units: int) -> int:
    """The string index of an LSP position (UTF-16 units) in ``text``."""
    starts = [0] + [m.end() for m in LINE_END.finditer(text)]
    start = starts[line]
    content = lines_of(text)[line]
    counted = 0
    for index, char in enumerate(content):
        if counted >= units:
            return start + index
        counted += 2 if ord(char) > 0xFFFF else 1
    return start + len(content)


def position(data: Any, text: str) -> dict[str, int]:
    """A random position on a code point boundary of ``text``, in LSP terms."""
    lines = lines_of(text)
    line = data.draw(st.integers(0, len(lines) - 1))
    codepoints = data.draw(st.integers(0, len(lines[line])))
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in lines[line][:codepoints])
    return {"line": line, "character": units}


def diagnostics_view(diagnostics: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"], d["message"]) for d in diagnostics)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(first=text_strategy, data=st.data())
def test_random_edit_sequences_never_let_the_servers_text_drift(server, first: str, data: Any):
    raw, root = server
    number = next(counter)
    uri = (root / f"doc{number}.py").as_uri()
    raw.open(uri, first)
    text, version = first, 1
    for _ in range(data.draw(st.integers(1, 8))):
        kind = data.draw(st.sampled_from(["edit", "edit", "edit", "full", "hover", "junk"]))
        if kind in ("edit", "full"):
            version += 1
            new = data.draw(text_strategy)
            if kind == "full":
                change: dict[str, Any] = {"text": new}
                text = new
            else:
                start, end = sorted((position(data, text), position(data, text)),
                                    key=lambda p: (p["line"], p["character"]))
                change = {"range": {"start": start, "end": end}, "text": new}
                text = (text[:offset_of(text, start["line"], start["character"])] + new
                        + text[offset_of(text, end["line"], end["character"]):])
            raw.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                  "contentChanges": [change]})
        elif kind == "hover":
            answer = raw.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": position(data, text)})
            assert "error" not in answer, answer
        else:
            body = data.draw(st.sampled_from([b"{", b"[]", b'{"jsonrpc": "2.0"}', b"\xff\xfe", b"null"]))
            raw.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    drifted = raw.diagnostics(uri, version)
    fresh_uri = (root / f"fresh{number}.py").as_uri()
    raw.open(fresh_uri, text)
    assert diagnostics_view(drifted) == diagnostics_view(raw.diagnostics(fresh_uri, 1)), repr(text)
    raw.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    raw.notify("textDocument/didClose", {"textDocument": {"uri": fresh_uri}})
    assert raw.process.poll() is None, raw.stderr[-2000:]
    internal = [m for m in raw.received if m.get("error", {}).get("code") == -32603]
    assert not internal, internal

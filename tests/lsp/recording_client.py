"""The tests' LSP client: pytest-lsp's, recording every publishDiagnostics with its version."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER_COMMAND = [sys.executable, "-m", "tensorlens", "lsp"]
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# How long a test waits for the server before it fails (never a performance bound).
WAIT_S = 90.0


class RecordingClient(LanguageClient):
    """pytest-lsp's client, keeping every publishDiagnostics in order, with its version."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[types.PublishDiagnosticsParams] = []
        self._arrived = asyncio.Event()

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        self.published.append(params)
        self.diagnostics[params.uri] = params.diagnostics
        self._arrived.set()

    async def wait_for(self, predicate: Callable[[], Any], what: str, timeout: float = WAIT_S) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"gave up waiting for {what}; published: {self.published!r}")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), min(left, 0.5))
            except asyncio.TimeoutError:
                pass

    async def diagnostics_for(self, uri: str, version: Optional[int], timeout: float = WAIT_S
                              ) -> list[types.Diagnostic]:
        """The diagnostics published for this version of the document (waiting for them)."""
        def found():
            for params in reversed(self.published):
                if params.uri == uri and params.version == version:
                    return [params]
            return None

        return list((await self.wait_for(found, f"diagnostics of {uri} v{version}", timeout))[0].diagnostics)

    def publications(self, uri: str) -> list[types.PublishDiagnosticsParams]:
        return [p for p in self.published if p.uri == uri]

    # --- documents --------------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int = 1, language_id: str = "python") -> None:
        self.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=version, text=text)))

    def replace(self, uri: str, version: int, text: str) -> None:
        """A full-text change (the server also accepts incremental ones; see `edit`)."""
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    def edit(self, uri: str, version: int, line: int, character: int, end_line: int, end_character: int,
             text: str) -> None:
        """An incremental change (0-based LSP positions in UTF-16 units)."""
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line, character=character),
                                  end=types.Position(line=end_line, character=end_character)),
                text=text)]))

    def close(self, uri: str) -> None:
        self.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))


def _record_publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.record(params)


def make_client() -> RecordingClient:
    client = RecordingClient()
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES,
                                   types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record_publish})
    return client


CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


def capabilities(pull: bool = False, configuration: bool = True,
                 encodings: Optional[list[str]] = None, progress: bool = False) -> types.ClientCapabilities:
    """What an editor like VS Code declares; ``pull`` adds textDocument/diagnostic support."""
    return types.ClientCapabilities(
        window=types.WindowClientCapabilities(work_done_progress=True) if progress else None,
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(dynamic_registration=False),
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True, version_support=True, code_description_support=True),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll])),
                is_preferred_support=True),
            diagnostic=types.DiagnosticClientCapabilities(related_document_support=False) if pull else None,
        ),
    )


async def start(client: RecordingClient, root: Path, *, pull: bool = False, configuration: bool = True,
                options: Any = None, encodings: Optional[list[str]] = None,
                progress: bool = False) -> types.InitializeResult:
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(pull, configuration, encodings, progress),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options))


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def uri_in(root: Path, name: str) -> str:
    return (root / name).as_uri()


_FUNCTION = """

def step_{n}(model, batch, optimizer):
    images, labels = batch
    logits = model(images)
    loss = torch.nn.functional.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()
"""


def long_script(lines: int) -> str:
    """About ``lines`` lines of plain training code ending in one TL101 finding."""
    head = "import torch\n\nw = torch.randn(3, requires_grad=True)\n"
    body = [_FUNCTION.format(n=n) for n in range(max(1, lines // _FUNCTION.count("\n")))]
    return head + "".join(body) + "\nw.add_(1)\n"


def _offset(lines: list[str], position: types.Position) -> int:
    """The string offset of a UTF-16 LSP position in text split with keepends."""
    offset = sum(len(line) for line in lines[:position.line])
    units = 0
    for index, char in enumerate(lines[position.line] if position.line < len(lines) else ""):
        if units >= position.character:
            return offset + index
        units += 2 if ord(char) > 0xFFFF else 1
    return offset + len(lines[position.line].rstrip("\r\n")) if position.line < len(lines) else offset


def apply_edit(text: str, edit: types.WorkspaceEdit, uri: str) -> str:
    """Apply a server's WorkspaceEdit to ``text`` the way an editor does (edits are simultaneous)."""
    edits: list[types.TextEdit] = []
    for change in edit.document_changes or ():
        assert change.text_document.uri == uri
        edits.extend(change.edits)
    edits.extend((edit.changes or {}).get(uri, ()))
    lines = text.splitlines(keepends=True)
    spans = sorted(((_offset(lines, e.range.start), _offset(lines, e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text

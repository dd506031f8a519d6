"""The server's copy of a document, kept line for line with the editor's.

LSP lines end only at ``\\n``, ``\\r\\n`` and ``\\r``; pygls 2.1 splits its
documents with ``str.splitlines``, which also breaks at form feeds, vertical
tabs, ``\\x1c``-``\\x1e``, NEL, U+2028 and U+2029. An incremental change then
lands on the wrong line of a text holding one of them, and the server's copy
drifts from the editor's for good (a TL202 went missing). These documents
split as LSP does, which is also how the engine counts lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from tensorlens.source_text import split_lines


class EditorDocument(TextDocument):
    """pygls's document with LSP's line breaks (incremental changes and positions use ``lines``)."""

    @property
    def lines(self) -> Sequence[str]:
        return tuple(split_lines(self.source))


class EditorWorkspace(Workspace):
    """pygls's workspace, holding :class:`EditorDocument` documents."""

    def _create_text_document(self, doc_uri: str, source: Optional[str] = None, version: Optional[int] = None,
                              language_id: Optional[str] = None) -> TextDocument:
        document = super()._create_text_document(doc_uri, source, version, language_id)
        # pygls builds the document itself; it differs from ours only in how it splits lines.
        document.__class__ = EditorDocument
        return document

    def update_notebook_document(self, params: types.DidChangeNotebookDocumentParams) -> None:
        """pygls's update, closing the cells a structure change closes before opening those it opens: pygls
        opens first, so a cell sent in both (a client may move a cell that way) would be left closed."""
        structure = params.change.cells.structure if params.change.cells is not None else None
        if structure is not None and structure.did_close:
            for cell in structure.did_close:
                self.remove_text_document(cell.uri)
            structure.did_close = None
        super().update_notebook_document(params)

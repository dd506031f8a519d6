"""Where pygls 2.1 departs from the LSP specification, and the server must not."""

from __future__ import annotations

import json
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError, JsonRpcServerNotInitialized
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import Workspace

from tensorlens.lsp.text_sync import EditorWorkspace

# What reading a message's body can raise before it is a message at all (JSON-RPC's -32700 Parse error).
UNPARSABLE = (json.JSONDecodeError, UnicodeDecodeError, RecursionError)


class SpecProtocol(LanguageServerProtocol):
    """pygls's protocol, answering where the specification wants an answer."""

    _initialize_seen = False

    @property
    def workspace(self) -> Workspace:
        workspace = super().workspace
        if not isinstance(workspace, EditorWorkspace):
            # pygls builds a plain Workspace inside initialize; ours differs only in the documents it makes
            # (their lines split where LSP splits them).
            workspace.__class__ = EditorWorkspace
        return workspace

    def answer_parse_error(self, error: BaseException) -> None:
        """A body that is not JSON gets JSON-RPC's Parse error, with a null id (there is no message to answer)."""
        reason = "it nests too deeply" if isinstance(error, RecursionError) else str(error)
        answer = JsonRpcParseError(f"not a JSON-RPC message: {reason}").to_response_error()
        # pygls types an id as str | int; JSON-RPC wants null when there is no message to answer.
        self._send_response(None, None, answer)  # type: ignore[arg-type]

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            # pygls drops a request whose params do not fit the method's type; the spec wants an
            # InvalidParams answer, or the client waits for ever.
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], None, error.to_response_error())
            raise

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        if not self._initialize_seen:
            if method == types.INITIALIZE:
                self._initialize_seen = True
            elif method is not None and method != types.EXIT:
                # Before initialize the spec wants requests answered ServerNotInitialized (-32002) and
                # notifications dropped; pygls ran their handlers, which failed with -32603 and a traceback.
                if getattr(message, "id", None) is not None:
                    refusal = JsonRpcServerNotInitialized("the server is not initialized: send initialize first")
                    self._send_response(message.id, None, refusal.to_response_error())
                return
        # pygls ignores requests after shutdown in silence; the spec wants InvalidRequest.
        if self._shutdown and getattr(message, "method", types.EXIT) != types.EXIT \
                and getattr(message, "id", None) is not None:
            error = JsonRpcInvalidRequest("the server is shutting down")
            self._send_response(message.id, None, error.to_response_error())
            return
        super().handle_message(message)

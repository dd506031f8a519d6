"""A bare JSON-RPC connection to ``tensorlens lsp``, for what a well-behaved client never sends.

It writes whatever bytes a test asks for, reads every frame the server sends
(on a thread), and reports the process's exit code.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

from recording_client import SERVER_COMMAND, WAIT_S


class RawServer:
    def __init__(self, cwd: Optional[Path] = None, command: Optional[list[str]] = None):
        self.process = subprocess.Popen(command or SERVER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, cwd=cwd)
        self.received: list[dict[str, Any]] = []
        self.stderr = b""
        self._changed = threading.Condition()
        self._next_id = 0
        self._eof = False
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- wire ------------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return self._notify()
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = stream.read(length or 0)
            with self._changed:
                self.received.append(json.loads(body))
                self._changed.notify_all()

    def _notify(self) -> None:
        with self._changed:
            self._eof = True
            self._changed.notify_all()

    def _drain_stderr(self) -> None:
        try:
            for chunk in iter(lambda: self.process.stderr.read1(65536), b""):
                self.stderr += chunk
        except (ValueError, OSError):  # closed by close()
            pass

    def send_bytes(self, data: bytes) -> None:
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any = None) -> int:
        self._next_id += 1
        self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        return self._next_id

    # --- waiting ------------------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], what: str, timeout: float = WAIT_S
                 ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for message in self.received:
                    if predicate(message):
                        return message
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    raise AssertionError(f"gave up waiting for {what}; received {self.received!r}; "
                                         f"stderr {self.stderr[-2000:]!r}")
                self._changed.wait(min(left, 0.5))

    def response(self, request_id: int) -> dict[str, Any]:
        return self.wait_for(lambda m: m.get("id") == request_id and "method" not in m, f"response {request_id}")

    def call(self, method: str, params: Any = None) -> dict[str, Any]:
        return self.response(self.request(method, params))

    def diagnostics(self, uri: str, version: Optional[int]) -> list[dict[str, Any]]:
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["uri"] == uri and m["params"].get("version") == version,
                                f"diagnostics of {uri} v{version}")
        return message["params"]["diagnostics"]

    def logs(self) -> list[str]:
        return [m["params"]["message"] for m in self.received if m.get("method") == "window/logMessage"]

    # --- session ------------------------------------------------------------------------------

    def initialize(self, root: Path) -> dict[str, Any]:
        answer = self.call("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        self.notify("initialized", {})
        return answer

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python",
                                                               "version": version, "text": text}})

    def exit_code(self, timeout: float = WAIT_S) -> int:
        return self.process.wait(timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(WAIT_S)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass

"""A small, real Debug Adapter Protocol client for driving debugpy in tests.

It speaks DAP over a TCP socket to ``python -m debugpy --listen HOST:PORT
--wait-for-client script.py`` exactly as VS Code or nvim-dap would: framed
JSON messages (``Content-Length`` header), requests matched to responses by
``request_seq``, events queued in arrival order. A reader thread owns the
socket's receiving side so that events that arrive between responses (debugpy
sends ``initialized`` before it answers ``attach``) are never lost.
"""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
from typing import Any

# Generous: a loaded 2-core machine importing torch inside the debuggee can take
# tens of seconds before the first stop.
DEFAULT_TIMEOUT_S = 120.0


class DapError(RuntimeError):
    """A request failed (``success: false``) or the connection ended."""


class DapClient:
    """One DAP session over a socket; every request blocks until its response."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._seq = 0
        self._send_lock = threading.Lock()
        self._responses: dict[int, dict[str, Any]] = {}
        self._responses_ready = threading.Condition()
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, name="dap-reader", daemon=True)
        self._reader.start()

    @classmethod
    def connect(cls, host: str, port: int, timeout_s: float = DEFAULT_TIMEOUT_S) -> DapClient:
        """Connect, retrying until debugpy's adapter listens (it starts asynchronously)."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                sock = socket.create_connection((host, port), timeout=5)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
                continue
            sock.settimeout(None)
            return cls(sock)

    # -- wire format -------------------------------------------------------

    def _read_loop(self) -> None:
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = self._sock.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                header, _, buffer = buffer.partition(b"\r\n\r\n")
                length = 0
                for line in header.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                while len(buffer) < length:
                    chunk = self._sock.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                body, buffer = buffer[:length], buffer[length:]
                self._dispatch(json.loads(body.decode("utf-8")))
        except OSError:
            return
        finally:
            with self._responses_ready:
                self._closed = True
                self._responses_ready.notify_all()
            self.events.put({"type": "event", "event": "__closed__", "body": {}})

    def _dispatch(self, message: dict[str, Any]) -> None:
        if message.get("type") == "response":
            with self._responses_ready:
                self._responses[message["request_seq"]] = message
                self._responses_ready.notify_all()
        elif message.get("type") == "event":
            self.events.put(message)
        # Reverse requests (runInTerminal, startDebugging) are not used by attach.

    def _send(self, message: dict[str, Any]) -> int:
        with self._send_lock:
            self._seq += 1
            message = {"seq": self._seq, **message}
            body = json.dumps(message).encode("utf-8")
            self._sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            return self._seq

    # -- requests and events -----------------------------------------------

    def send_request(self, command: str, arguments: dict[str, Any] | None = None) -> int:
        """Send a request without waiting; returns its seq for :meth:`wait_response`."""
        message: dict[str, Any] = {"type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        return self._send(message)

    def wait_response(self, seq: int, timeout_s: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        """The response to request ``seq``; raises DapError when it failed."""
        deadline = time.monotonic() + timeout_s
        with self._responses_ready:
            while seq not in self._responses:
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    raise DapError(f"no response to request {seq} (closed={self._closed})")
                self._responses_ready.wait(remaining)
            response = self._responses.pop(seq)
        if not response.get("success"):
            raise DapError(f"{response.get('command')} failed: {response.get('message')}")
        return response

    def request(self, command: str, arguments: dict[str, Any] | None = None,
                timeout_s: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        """Send a request and return the body of its successful response."""
        return self.wait_response(self.send_request(command, arguments), timeout_s).get("body") or {}

    def wait_event(self, name: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        """The body of the next event called ``name``; other events are dropped."""
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DapError(f"no {name!r} event within {timeout_s} s")
            try:
                event = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event["event"] == name:
                return event.get("body") or {}
            if event["event"] == "__closed__":
                raise DapError(f"connection closed while waiting for {name!r}")

    def close(self) -> None:
        """Close the socket; the reader thread ends on its own."""
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

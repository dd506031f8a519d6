"""A debuggee under ``python -m debugpy --listen`` and the DAP session that drives it.

``DebugSession.start(script)`` launches the script in its own process,
attaches as VS Code does (initialize, attach, wait for ``initialized``,
setBreakpoints on every line marked ``# STOP:``, setExceptionBreakpoints,
configurationDone) and waits for the first stop. The helpers then read the
Variables view the way a user does: scopes, variables, expanding children by
name. ``close()`` always ends the process.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dap_client import DEFAULT_TIMEOUT_S, DapClient

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "debugger"
# A marker ends its line (`... # STOP: forward`), so prose that mentions it does not count.
_STOP_MARKER = re.compile(r"#\s*STOP:\s*([\w-]+)\s*$")


def free_port() -> int:
    """A port nobody listens on now (bound with port 0, then released for debugpy)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_lines(script: Path) -> dict[str, int]:
    """``{label: line}`` for each ``# STOP: label`` marker in the script (1-based lines)."""
    lines = {}
    for number, text in enumerate(script.read_text().splitlines(), start=1):
        marker = _STOP_MARKER.search(text)
        if marker:
            lines[marker.group(1)] = number
    return lines


def run_plain(script: Path, env: dict[str, str] | None = None) -> str:
    """The script's stdout when run without a debugger."""
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=DEFAULT_TIMEOUT_S, check=True
    )
    return result.stdout


@dataclass
class Variable:
    """One row of the Variables view."""

    name: str
    value: str
    type: str
    reference: int
    evaluate_name: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


class DebugSession:
    """A stopped (or running) debuggee and its DAP client."""

    def __init__(self, process: subprocess.Popen[str], client: DapClient, script: Path) -> None:
        self.process = process
        self.client = client
        self.script = script
        self.thread_id: int | None = None
        self.frame_id: int | None = None

    @classmethod
    def start(
        cls, script: Path, env: dict[str, str] | None = None, stops: list[str] | None = None,
        python: str = sys.executable,
    ) -> DebugSession:
        """Launch ``script`` under debugpy, attach, and wait for the first breakpoint."""
        port = free_port()
        full_env = {**os.environ, **(env or {})}
        # The debuggee's output is read by the tests; keep it unbuffered and in UTF-8.
        full_env.update({"PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        process = subprocess.Popen(
            [python, "-Xfrozen_modules=off", "-m", "debugpy", "--listen", f"127.0.0.1:{port}", "--wait-for-client",
             str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=full_env,
            # `python -m` puts the working directory on sys.path: not the
            # repository, so the debuggee finds TensorLens as installed.
            cwd=script.parent,
            # Its own process group, so teardown also ends debugpy's adapter process.
            start_new_session=True,
        )
        client = None
        try:
            client = DapClient.connect("127.0.0.1", port)
            session = cls(process, client, script)
            session._configure(stops)
            return session
        except BaseException:
            if client is not None:
                client.close()
            _kill(process)
            raise

    def _configure(self, stops: list[str] | None) -> None:
        client = self.client
        client.request(
            "initialize",
            {
                "clientID": "tensorlens-tests",
                "adapterID": "python",
                "linesStartAt1": True,
                "columnsStartAt1": True,
                "pathFormat": "path",
                "supportsVariableType": True,
            },
        )
        # debugpy answers attach only after configurationDone, and sends
        # `initialized` in between: do not wait for the response yet.
        attach_seq = client.send_request("attach", {"justMyCode": True})
        client.wait_event("initialized")
        markers = stop_lines(self.script)
        wanted = stops if stops is not None else list(markers)
        client.request(
            "setBreakpoints",
            {"source": {"path": str(self.script)}, "breakpoints": [{"line": markers[label]} for label in wanted]},
        )
        client.request("setExceptionBreakpoints", {"filters": []})
        client.request("configurationDone")
        client.wait_response(attach_seq)
        self.wait_stopped()

    def wait_stopped(self) -> int:
        """Wait for the next stop; remember its thread and top frame; return the line."""
        stopped = self.client.wait_event("stopped")
        self.thread_id = stopped.get("threadId")
        if self.thread_id is None:
            self.thread_id = self.client.request("threads")["threads"][0]["id"]
        frames = self.client.request("stackTrace", {"threadId": self.thread_id, "startFrame": 0, "levels": 1})
        top = frames["stackFrames"][0]
        self.frame_id = top["id"]
        return top["line"]

    # -- the Variables view ------------------------------------------------

    def locals(self) -> dict[str, Variable]:
        """The ``Locals`` scope of the top frame, by name."""
        scopes = self.client.request("scopes", {"frameId": self.frame_id})["scopes"]
        reference = next(s["variablesReference"] for s in scopes if s["name"].lower().startswith("locals"))
        return self.children(reference)

    def children(self, reference: int) -> dict[str, Variable]:
        """The rows shown when a variable with this reference is expanded, by name."""
        body = self.client.request("variables", {"variablesReference": reference})
        return {
            v["name"]: Variable(
                name=v["name"],
                value=v["value"],
                type=v.get("type", ""),
                reference=v.get("variablesReference", 0),
                evaluate_name=v.get("evaluateName"),
                raw=v,
            )
            for v in body["variables"]
        }

    def expand(self, variable: Variable, *path: str) -> Variable:
        """Follow child names from ``variable``: ``expand(x, "grad_fn", "AccumulateGrad")``."""
        current = variable
        for name in path:
            rows = self.children(current.reference)
            assert name in rows, f"{name!r} not among the children of {current.name!r}: {sorted(rows)}"
            current = rows[name]
        return current

    def evaluate(self, expression: str, context: str = "repl", raw_string: bool = False) -> dict[str, Any]:
        """The body of an ``evaluate`` request in the top frame."""
        arguments: dict[str, Any] = {"expression": expression, "frameId": self.frame_id, "context": context}
        if raw_string:
            arguments["format"] = {"rawString": True}
        return self.client.request("evaluate", arguments)

    # -- ending ---------------------------------------------------------------

    def continue_to_end(self) -> tuple[str, str]:
        """Resume until the program exits; return its (stdout, stderr)."""
        self.client.request("continue", {"threadId": self.thread_id})
        return self.finish()

    def continue_to_next_stop(self) -> int:
        """Resume and wait for the next breakpoint; returns its line."""
        self.client.request("continue", {"threadId": self.thread_id})
        return self.wait_stopped()

    def finish(self) -> tuple[str, str]:
        """Wait for the debuggee to exit by itself and return its output."""
        try:
            self.process.wait(timeout=DEFAULT_TIMEOUT_S)
            # debugpy's adapter is a child of the debuggee that inherited its
            # stdout; it exits (closing the pipe) once the client disconnects.
            self.client.close()
            stdout, stderr = self.process.communicate(timeout=DEFAULT_TIMEOUT_S)
        finally:
            self.close()
        return stdout, stderr

    def close(self) -> None:
        """Disconnect and make sure the debuggee process is gone."""
        self.client.close()
        _kill(self.process)


def _kill(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.communicate(timeout=30)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass

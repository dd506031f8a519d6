"""TensorLens's debugpy plugin loads in every debug session of an environment that has it, with or
without torch: on every other Python here, a session still stops, shows debugpy's own values and
lets the program finish. Python 3.12+ is where debugpy traces with sys.monitoring instead of
sys.settrace (SPEC.md: the runtime parts must not break there).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from interpreters import OTHER_VERSIONS, compat_python

# The DAP session driver of the debugpy suite.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "debugpy"))
from debug_session import DebugSession

DEBUGGEE = Path(__file__).with_name("debuggee_without_torch.py")
PLUGIN = "pydevd_plugins.extensions.pydevd_plugin_tensorlens"
NODELAY = (
    "__import__('pydevd').get_global_debugger().writer.sock.getsockopt("
    "__import__('socket').IPPROTO_TCP, __import__('socket').TCP_NODELAY)"
)
FRAME_JSON = "__import__('tensorlens.runtime.editor_view', fromlist=['frame_json']).frame_json(locals())"


@pytest.mark.slow
@pytest.mark.parametrize("version", OTHER_VERSIONS)
def test_debug_session_with_the_plugin_and_without_torch(version: str) -> None:
    python = compat_python(version)
    session = DebugSession.start(DEBUGGEE, python=python)
    try:
        assert session.evaluate("__import__('importlib.util').util.find_spec('torch') is None")["result"] == "True"
        assert session.evaluate(f"{PLUGIN!r} in __import__('sys').modules")["result"] == "True"
        monitoring = session.evaluate(
            "__import__('_pydevd_bundle.pydevd_constants', fromlist=['_']).PYDEVD_USE_SYS_MONITORING")["result"]
        assert monitoring == str(tuple(map(int, version.split("."))) >= (3, 12))
        values = {name: row.value for name, row in session.locals().items()}
        assert values["config"] == "{'lr': 0.1, 'steps': 3}"
        assert values["history"] == "[0.0, 0.1, 0.2]"
        assert session.evaluate(NODELAY)["result"] != "0"
        frame = json.loads(session.evaluate(FRAME_JSON, raw_string=True)["result"])
        assert frame["tensors"] == [] and frame["modules"] == [] and "error" not in frame
        stdout, _ = session.continue_to_end()
    finally:
        session.close()
    assert stdout.strip() == f"total=0.30 on {version}"

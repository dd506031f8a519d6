"""The runtime faces with torch on Python 3.12 and 3.13, compared with this interpreter's answers.

3.13 makes ``frame.f_locals`` a FrameLocalsProxy (PEP 667) and 3.12+ debuggers
trace through ``sys.monitoring``: a face that works on 3.11 and silently shows
nothing there is a bug (SPEC.md, "Compatibility"). Each test runs the same
program through the same real face here and under the other Python, and the
answers must be the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from interpreters import ROOT
from torch_interpreters import TORCH_VERSIONS, checkout_env, torch_python

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "debugpy"))
from debug_session import DebugSession

RUNTIME_SAMPLES = ROOT / "samples" / "runtime"
PROMPT = "(Pdb) "
# The first use of an environment may install it (about 90 s cold, see torch_interpreters).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def _pdb(python: str, sample: str, commands: list[str], breakpoint_hook: bool) -> list[str]:
    script = str(RUNTIME_SAMPLES / sample)
    if breakpoint_hook:
        args, env = [python, script], checkout_env(PYTHONBREAKPOINT="tensorlens.set_trace")
    else:
        args, env = [python, "-m", "tensorlens.pdb", script], checkout_env()
    done = subprocess.run(args, input="\n".join(commands) + "\n", capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)
    return done.stdout.split(PROMPT)


@pytest.mark.parametrize("version", TORCH_VERSIONS)
def test_pdb_tensors_gradfn_and_devices_match_this_interpreter(version: str) -> None:
    commands = ["tensors", "gradfn out", "devices", "tl [x, y]", "c"]
    theirs = _pdb(torch_python(version), "tutorial_graph.py", commands, breakpoint_hook=True)
    ours = _pdb(sys.executable, "tutorial_graph.py", commands, breakpoint_hook=True)
    assert theirs[1].startswith("x    tensor[2, 2] f32 cpu requires_grad leaf")  # not "no tensors in this frame"
    assert "AccumulateGrad  x: tensor[2, 2]" in theirs[2]  # the leaf keeps its name
    assert theirs[3].startswith("cpu  4 tensors: x, y, z, out")
    assert theirs[1:5] == ours[1:5]
    assert "x.grad [[2.0, 2.0], [2.0, 2.0]]" in theirs[5]


@pytest.mark.parametrize("version", TORCH_VERSIONS)
def test_post_mortem_tables_match_this_interpreter(version: str) -> None:
    commands = ["c", "tensors", "q"]
    theirs = _pdb(torch_python(version), "device_mismatch.py", commands, breakpoint_hook=False)
    ours = _pdb(sys.executable, "device_mismatch.py", commands, breakpoint_hook=False)

    def failure_table(chunks: list[str]) -> list[str]:
        text = chunks[1]
        lines = text[text.index("tensors in main()"):].splitlines()
        # torch's own frames differ between versions; the user's lines must not.
        return [line for line in lines if "__init__.py" not in line and not line.startswith(("post-mortem", ">", "->"))]

    assert "  model.weight  parameter[2, 3] f32 meta requires_grad leaf (no data: meta) 24 B" in failure_table(theirs)
    assert failure_table(theirs) == failure_table(ours)
    assert "post-mortem: at the innermost frame of your code, main() at device_mismatch.py:15" in theirs[1]
    assert theirs[2] == ours[2]  # `tensors` at the prompt: the user's frame


@pytest.mark.parametrize("version", TORCH_VERSIONS)
def test_debugpy_shows_tensor_lines_under_sys_monitoring(version: str) -> None:
    python = torch_python(version)
    script = ROOT / "samples" / "debugger" / "autograd_tutorial.py"
    session = DebugSession.start(script, env={"PYTHONPATH": str(ROOT)}, stops=["forward"], python=python)
    try:
        monitoring = session.evaluate(
            "__import__('_pydevd_bundle.pydevd_constants', fromlist=['_']).PYDEVD_USE_SYS_MONITORING")["result"]
        assert monitoring == "True"
        rows = session.locals()
        assert rows["x"].value.startswith("tensor[2, 2] f32 cpu requires_grad leaf")
        assert rows["out"].value.startswith("tensor[] f32 cpu grad_fn=MeanBackward0")
        grad_fn = session.expand(rows["out"], "grad_fn")
        leaf_path = ["[0] MulBackward0", "[0] MulBackward0", "[0] AddBackward0", "[0] AccumulateGrad"]
        assert session.expand(grad_fn, *leaf_path).value.startswith("AccumulateGrad  x: tensor[2, 2]")
        frame = json.loads(session.evaluate(
            "__import__('tensorlens.runtime.editor_view', fromlist=['frame_json']).frame_json(locals())",
            raw_string=True)["result"])
        assert [entry["name"] for entry in frame["tensors"]] == ["x", "y", "out"]
        stdout, _ = session.continue_to_end()
    finally:
        session.close()
    assert "grad [[2.0, 2.0], [2.0, 2.0]] version 0" in stdout


@pytest.mark.parametrize("version", TORCH_VERSIONS)
def test_sanitizer_reports_the_same_finding(version: str) -> None:
    script = "samples/sanitizer/device_mix_model_moved.py"

    def finding(python: str) -> list[str]:
        done = subprocess.run([python, "-m", "tensorlens.runtime.sanitizer", script], capture_output=True,
                              text=True, cwd=ROOT, env=checkout_env(), timeout=300)
        return [line for line in done.stderr.splitlines() if line.startswith("tensorlens: ")]

    theirs = finding(torch_python(version))
    assert len(theirs) == 1 and ": TL201 " in theirs[0]
    assert theirs == finding(sys.executable)

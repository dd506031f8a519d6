"""The real pdb prompt in a subprocess: commands on stdin, output asserted."""

from __future__ import annotations

import re
from pathlib import Path

from tensorlens.runtime.pdb_plugin import HINT

PROMPT = "(Pdb) "


def _answers(stdout: str) -> list[str]:
    """Output chunks between prompts: chunk i answers command i (chunk 0 is the stop banner)."""
    return stdout.split(PROMPT)


def test_breakpoint_hook_tutorial_graph(pdb_session, tutorial_tree) -> None:
    result = pdb_session("tutorial_graph.py", ["tensors", "gradfn out", "tl out", "gradfn out 2", "c"],
                         via="breakpoint")
    chunks = _answers(result.stdout)
    assert chunks[0].startswith(HINT)
    assert "tutorial_graph.py(10)<module>()" in chunks[0]
    assert chunks[1].splitlines() == [
        "x    tensor[2, 2] f32 cpu requires_grad leaf [1.0, 1.0, 1.0, 1.0] 16 B",
        "y    tensor[2, 2] f32 cpu grad_fn=AddBackward0 [2.0, 2.0, 2.0, 2.0] 16 B",
        "z    tensor[2, 2] f32 cpu grad_fn=MulBackward0 [8.0, 8.0, 8.0, 8.0] 16 B",
        "out  tensor[] f32 cpu grad_fn=MeanBackward0 =8.0 4 B",
    ]
    assert chunks[2].splitlines() == tutorial_tree
    assert chunks[3].strip() == "tensor[] f32 cpu grad_fn=MeanBackward0 =8.0 4 B"
    assert chunks[4].splitlines()[-1] == "   └─ …"
    # The program goes on after `c`, with the graph intact.
    assert "x.grad [[2.0, 2.0], [2.0, 2.0]]" in chunks[5]
    assert result.returncode == 0, result.stderr


def test_module_entry_training_step_table_and_devices(pdb_session) -> None:
    result = pdb_session("training_step.py",
                         ["c", "tensors", "devices", "tl batch", "tl model", "tensors --quick", "c"])
    chunks = _answers(result.stdout)
    table = chunks[2]
    assert re.search(r"^batch\[\"x\"\] +tensor\[8, 4\] f32 cpu shares numpy memory μ=", table, re.M)
    assert re.search(r"^cache\[0\] +tensor\[1000, 1000\] f32 meta \(no data: meta\) 3.81 MiB$", table, re.M)
    assert re.search(r"^model +MLP: 131 params \(4 tensors, 131 trainable\) f32 cpu train$", table, re.M)
    assert re.search(r"^  model.fc1.weight +parameter\[16, 4\] f32 cpu requires_grad leaf μ=", table, re.M)
    assert re.search(r"^loss +tensor\[\] f32 cpu grad_fn=NllLossBackward0 =", table, re.M)
    assert "! batch[\"x\"] shares memory with numpy array features" in table
    assert "! devices differ — cpu: logits, loss, model.fc1.weight, model.fc1.bias and 4 more; meta: cache[0]" in table
    devices = chunks[3].splitlines()
    assert devices[0].startswith("cpu   8 tensors: logits, loss, model.fc1.weight")
    assert devices[1] == "meta  1 tensor: cache[0]"
    assert devices[2].startswith("! devices differ")
    assert chunks[4].splitlines()[1].startswith('batch["y"]  tensor[8] i64 cpu [0, 1, 2, 0, 1, 2, 0, 1] 64 B')
    assert chunks[5].strip() == "MLP: 131 params (4 tensors, 131 trainable) f32 cpu train"
    assert "μ=" not in chunks[6] and "tensor[8, 4] f32 cpu shares numpy memory" in chunks[6]
    assert "loss 2.1055" in result.stdout  # the program ran on after `c`


def test_errors_at_the_prompt_do_not_kill_the_session(pdb_session) -> None:
    result = pdb_session("tutorial_graph.py", ["tl nope", "tl", "gradfn 3", "gradfn x", "tl [x, {'k': y}]", "c"],
                         via="breakpoint")
    chunks = _answers(result.stdout)
    assert chunks[1].strip() == "*** NameError: name 'nope' is not defined"
    assert chunks[2].strip() == "*** an expression is needed (see: help tl)"
    assert chunks[3].strip() == "*** 3 is not a tensor: 3"
    assert chunks[4].strip() == "leaf tensor (no grad_fn): gradients accumulate into its .grad"
    assert "[x, {'k': y}][0]" in chunks[5] and "[x, {'k': y}][1][\"k\"]" in chunks[5]
    assert result.returncode == 0


def test_help_for_every_command(pdb_session) -> None:
    result = pdb_session("tutorial_graph.py", ["help tensors", "help tl", "help gradfn", "help devices", "help", "c"],
                         via="breakpoint")
    chunks = _answers(result.stdout)
    assert chunks[1].startswith("tensors [--quick]")
    assert chunks[2].startswith("tl EXPR")
    assert chunks[3].startswith("gradfn EXPR [DEPTH]")
    assert chunks[4].startswith("devices")
    listing = chunks[5]
    for command in ("tensors", "tl", "gradfn", "devices"):
        assert re.search(rf"\b{command}\b", listing)


def test_post_mortem_device_error(pdb_session) -> None:
    result = pdb_session("device_mismatch.py", ["c", "devices", "q"])
    out = result.stdout
    assert "Uncaught exception. Entering post mortem debugging" in out
    assert "tensors in main() at device_mismatch.py:15:" in out
    assert re.search(r"^inputs +tensor\[5, 3\] f32 cpu", out, re.M)
    assert re.search(r"^  model.weight +parameter\[2, 3\] f32 meta requires_grad leaf \(no data: meta\) 24 B$",
                     out, re.M)
    assert "! devices differ — cpu: inputs; meta: model.weight, model.bias" in out
    assert "device error: the message names cpu, meta" in out
    assert "  main() at device_mismatch.py:15: on cpu: inputs; on meta: model.weight, model.bias" in out
    assert "RuntimeError" in result.stderr


def test_post_mortem_starts_in_the_users_frame_and_says_so(pdb_session) -> None:
    result = pdb_session("device_mismatch.py", ["c", "tensors", "where", "q"])
    out = result.stdout
    said = re.search(
        r"^post-mortem: at the innermost frame of your code, main\(\) at device_mismatch.py:15; the exception was "
        r"raised (\d+) frames further in, in check_same_device\(\) at __init__.py:\d+ \(`down` \1 to go there\)$",
        out,
        re.M,
    )
    assert said, out
    prompt = out[out.index(said.group(0)) :].split(PROMPT)
    assert prompt[0].rstrip().endswith("device_mismatch.py(15)main()\n-> print(model(inputs).shape)")
    # The prompt's own commands see the user's frame, not torch's.
    assert re.search(r"^inputs +tensor\[5, 3\] f32 cpu", prompt[1], re.M)
    assert "> " + str(Path("samples/runtime/device_mismatch.py").resolve()) + "(15)main()" in prompt[2]


def test_a_raising_tensor_subclass_is_reported_at_the_prompt_not_fatal(pdb_session) -> None:
    commands = ["tensors", "devices", "tl odd", "gradfn odd", "tl hidden", "c"]
    result = pdb_session("hostile_subclass.py", commands, via="breakpoint")
    chunks = _answers(result.stdout)
    table = chunks[1]
    assert re.search(r"^weights +tensor\[3\] f32 cpu \[1.0, 1.0, 1.0\] 12 B$", table, re.M)
    assert re.search(r"^odd +Refusing\[2\] f32 cpu", table, re.M)
    assert chunks[2].splitlines()[0].startswith("cpu  2 tensors: weights, odd")
    assert chunks[3].startswith("Refusing[2] f32 cpu")
    assert "no autograd history" in chunks[4]
    assert "Opaque" in chunks[5]
    assert "done 3.0" in chunks[6]
    assert result.returncode == 0, result.stderr


def test_post_mortem_inplace_error(pdb_session) -> None:
    result = pdb_session("inplace_saved.py", ["c", "q"])
    out = result.stdout
    assert "tensors in main() at inplace_saved.py:11:" in out
    assert re.search(r"^y  tensor\[2, 2\] f32 cpu grad_fn=AddBackward0 \[3.72, 3.72, 3.72, 3.72\] 16 B$", out, re.M)
    assert (
        "in-place error: a tensor saved for backward (output 0 of Exp, shape [2, 2]) was modified: "
        "now at version 1, saved at version 0" in out
    )
    assert ("  main() at inplace_saved.py:11: modified in place: y (tensor[2, 2] f32 cpu grad_fn=AddBackward0, "
            "version 1)") in out


def test_usage(run_py) -> None:
    result = run_py(["-m", "tensorlens.pdb"])
    assert result.returncode == 2
    assert result.stdout.startswith("usage: python -m tensorlens.pdb")
    assert run_py(["-m", "tensorlens.pdb", "--help"]).returncode == 0


def test_set_trace_in_code(run_py) -> None:
    code = ("import torch, tensorlens\nw = torch.zeros(3)\ntensorlens.set_trace(header='stopped here')\n"
            "print('after', w.sum().item())\n")
    result = run_py(["-c", code], stdin="tl w\nc\n")
    chunks = _answers(result.stdout)
    assert chunks[0].startswith("stopped here\n" + HINT)
    assert chunks[1].strip() == "tensor[3] f32 cpu [0.0, 0.0, 0.0] 12 B"
    assert "after 0.0" in chunks[2]


def test_colour_on_a_real_terminal() -> None:
    """stdout on a pseudo-terminal: rich colours the same words (no hand-written escapes)."""
    import os
    import pty
    import subprocess
    import sys
    import threading

    repo = Path(__file__).resolve().parents[2]
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(repo), "TERM": "xterm-256color", "PYTHONBREAKPOINT": "tensorlens.set_trace"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, str(repo / "samples/runtime/tutorial_graph.py")], stdin=subprocess.PIPE, stdout=slave,
        stderr=slave, cwd=repo, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:  # a pty buffers ~4 KiB: read while the child writes
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    proc.communicate(b"tl out\ngradfn out\nc\n", timeout=120)
    reader.join(timeout=30)
    os.close(master)
    out = b"".join(chunks).decode()
    assert "\x1b[" in out
    assert "grad_fn=MeanBackward0" in out and "MeanBackward0" in out
    assert "\x1b[35mgrad_fn=MeanBackward0\x1b[0m" in out


def test_gradfn_by_module_collapses_the_graph(pdb_session) -> None:
    result = pdb_session("training_step.py", ["c", "gradfn loss --by-module", "c"])
    chunks = _answers(result.stdout)
    assert chunks[2].splitlines() == [
        "11 autograd nodes in 2 modules (level 2):",
        "model.fc2  6 nodes (AccumulateGrad x2, NllLossBackward0, LogSoftmaxBackward0, …), 2 parameters -> model.fc1",
        "model.fc1  5 nodes (AccumulateGrad x2, ReluBackward0, AddmmBackward0, …), 2 parameters",
    ]

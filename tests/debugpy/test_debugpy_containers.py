"""Lists, tuples and dicts of tensors in every DAP surface: Variables, hover, watch, REPL."""

from __future__ import annotations

import pytest
from debug_session import SAMPLES, DebugSession, run_plain

EXPECTED = {
    "activations": "list[50] of tensor[64, 128] f32 cpu",
    "batch": 'dict[3]: {"x": tensor[8, 4] f32 cpu, "y": tensor[8] i64 cpu, "size": 8}',
    "pair": "tuple[2]: (tensor[2] f32 cpu, tensor[3] f32 cpu requires_grad leaf)",
    "batches": "list[2]: [(tensor[2] f32 cpu, 1), (tensor[2] f32 cpu, 2)]",
}


@pytest.fixture(scope="module")
def containers():
    session = DebugSession.start(SAMPLES / "containers.py")
    try:
        yield session
    finally:
        session.close()


def test_variables_show_headers_not_torch_reprs(containers: DebugSession) -> None:
    rows = containers.locals()
    for name, value in EXPECTED.items():
        assert rows[name].value == value
    assert rows["plain"].value == "[1, 2, 3]"  # a container without tensors is shown as debugpy shows it


@pytest.mark.parametrize("context", ["hover", "watch", "repl"])
def test_every_evaluate_context_gets_the_same_line(containers: DebugSession, context: str) -> None:
    for name, value in EXPECTED.items():
        assert containers.evaluate(name, context=context)["result"] == value
    assert containers.evaluate("activations[:3]", context=context)["result"] == "list[3] of tensor[64, 128] f32 cpu"


def test_items_are_still_expandable_tensors(containers: DebugSession) -> None:
    rows = containers.locals()
    items = containers.children(rows["activations"].reference)
    assert items["00"].value == "tensor[64, 128] f32 cpu"  # pydevd pads list indices
    x = containers.children(rows["batch"].reference)["'x'"]
    assert x.value.startswith("tensor[8, 4] f32 cpu μ=")
    assert "statistics" in containers.children(x.reference)


def test_the_program_is_unchanged() -> None:
    script = SAMPLES / "containers.py"
    session = DebugSession.start(script)
    try:
        session.locals()
        stdout, _ = session.continue_to_end()
    finally:
        session.close()
    assert stdout == run_plain(script)

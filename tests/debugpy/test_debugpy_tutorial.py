"""The autograd tutorial's example, seen through debugpy's Variables view with TensorLens."""

from __future__ import annotations

import json

from debug_session import SAMPLES, DebugSession, run_plain

TENSOR_ROWS = [
    "shape",
    "dtype",
    "device",
    "requires_grad",
    "is_leaf",
    "grad",
    "grad_fn",
    "statistics",
    "numpy sharing",
    "values",
    "raw attributes",
]


def test_value_lines_are_tensor_headers(tutorial: DebugSession) -> None:
    rows = tutorial.locals()
    assert rows["x"].value.startswith("tensor[2, 2] f32 cpu requires_grad leaf")
    assert rows["y"].value.startswith("tensor[2, 2] f32 cpu grad_fn=AddBackward0")
    assert rows["out"].value.startswith("tensor[] f32 cpu grad_fn=MeanBackward0")
    # Tiny tensors show their values: reading 1 or 4 numbers is as cheap as the header.
    assert "8" in rows["out"].value.removeprefix("tensor[] f32 cpu grad_fn=MeanBackward0")
    assert rows["x"].type == "Tensor"


def test_children_replace_the_raw_attribute_dump(tutorial: DebugSession) -> None:
    x = tutorial.locals()["x"]
    children = tutorial.children(x.reference)
    assert list(children) == TENSOR_ROWS
    assert children["shape"].value == "[2, 2]"
    assert children["dtype"].value.startswith("f32")
    assert children["device"].value == "cpu"
    assert children["requires_grad"].value == "True"
    assert children["is_leaf"].value == "True"
    assert children["grad"].value == "None"
    assert children["statistics"].value == "[1.0, 1.0, 1.0, 1.0]"
    assert children["numpy sharing"].value == "none in this frame"
    # Rows that are real expressions can be added to a watch.
    assert children["grad_fn"].evaluate_name == "x.grad_fn"
    assert children["shape"].reference == 0
    raw = tutorial.children(children["raw attributes"].reference)
    assert len(raw) > 30 and "T" in raw and "data" in raw


def test_grad_fn_chain_reaches_accumulate_grad_of_x(tutorial: DebugSession) -> None:
    out = tutorial.locals()["out"]
    grad_fn = tutorial.expand(out, "grad_fn")
    assert grad_fn.value == "MeanBackward0"
    mul_mean = tutorial.expand(grad_fn, "[0] MulBackward0")
    mul_yy = tutorial.expand(mul_mean, "[0] MulBackward0")
    assert "self=[2, 2]" in mul_yy.value
    # y * y: both inputs are the same AddBackward0 node, marked as shared.
    inputs = tutorial.children(mul_yy.reference)
    assert list(inputs) == ["[0] AddBackward0", "[1] AddBackward0"]
    assert "#" in inputs["[0] AddBackward0"].value
    leaf = tutorial.expand(inputs["[0] AddBackward0"], "[0] AccumulateGrad")
    assert leaf.value.startswith("AccumulateGrad")
    assert "x: tensor[2, 2] f32 cpu requires_grad leaf" in leaf.value
    assert leaf.reference == 0


def test_every_dap_context_gets_the_summary(tutorial: DebugSession) -> None:
    for context in ("hover", "watch", "repl"):
        result = tutorial.evaluate("x", context=context)
        assert result["result"].startswith("tensor[2, 2] f32 cpu requires_grad leaf"), context
    # "Copy Value" of a small tensor gives torch's repr, ready to paste.
    assert tutorial.evaluate("x", context="clipboard")["result"].startswith("tensor([[1., 1.]")


def test_frame_json_through_dap_evaluate(tutorial: DebugSession) -> None:
    expression = "__import__('tensorlens.runtime.editor_view', fromlist=['frame_json']).frame_json(locals())"
    for context in ("repl", "watch"):
        document = json.loads(tutorial.evaluate(expression, context=context, raw_string=True)["result"])
        assert document["version"] == 1
        tensors = {entry["name"]: entry for entry in document["tensors"]}
        assert set(tensors) == {"x", "y", "out"}
        assert tensors["out"] == {
            "id": "out",
            "name": "out",
            "shape": [],
            "dtype": "float32",
            "device": "cpu",
            "requires_grad": True,
            "is_leaf": False,
            "grad_fn": "MeanBackward0",
            "module": None,
            "kind": "tensor",
            "numel": 1,
            "summary": "tensor[] f32 cpu grad_fn=MeanBackward0",
            "same_as": None,
        }
        assert document["devices"] == ["cpu"]
        assert document["device_mixture"] is False
        assert document["modules"] == [] and document["numpy_shares"] == []


def test_grad_graph_json_through_dap_evaluate(tutorial: DebugSession) -> None:
    expression = "__import__('tensorlens.runtime.editor_view', fromlist=['grad_graph_json']).grad_graph_json(out)"
    document = json.loads(tutorial.evaluate(expression, context="repl", raw_string=True)["result"])
    nodes = {node["id"]: node for node in document["nodes"]}
    assert document["root"] == "n0" and nodes["n0"]["name"] == "MeanBackward0"
    assert [node["name"] for node in document["nodes"]] == [
        "MeanBackward0",
        "MulBackward0",
        "MulBackward0",
        "AddBackward0",
        "AccumulateGrad",
    ]
    leaf = next(node for node in document["nodes"] if node["name"] == "AccumulateGrad")
    assert leaf["leaf"].startswith("tensor[2, 2] f32 cpu requires_grad leaf")
    assert any(node["shared"] for node in document["nodes"])
    assert {"from": "n0", "to": "n1"} in document["edges"]


def test_results_and_versions_unchanged_by_inspection() -> None:
    script = SAMPLES / "autograd_tutorial.py"
    session = DebugSession.start(script)
    try:
        for stop in ("forward", "backward"):
            rows = session.locals()
            for name in ("x", "y", "out"):
                _expand_everything(session, rows[name].reference, depth=4)
            if stop == "forward":
                session.continue_to_next_stop()
        x = session.locals()["x"]
        grad = session.expand(x, "grad")
        assert grad.value.startswith("tensor[2, 2] f32 cpu [2.0, 2.0, 2.0, 2.0]")
        stdout, _ = session.continue_to_end()
    finally:
        session.close()
    assert stdout == run_plain(script)


def _expand_everything(session: DebugSession, reference: int, depth: int) -> None:
    """Open every row below ``reference`` (but not the raw attribute dump), as a curious user would."""
    if depth == 0 or reference == 0:
        return
    for name, row in session.children(reference).items():
        if name != "raw attributes":
            _expand_everything(session, row.reference, depth - 1)

"""Tensors that freeze or flood a stock debugger: meta, 10^7 elements, numpy-shared, a module, a broken subclass."""

from __future__ import annotations

import json

from debug_session import SAMPLES, DebugSession, run_plain


def test_meta_tensor_shows_metadata_and_no_data(zoo: DebugSession) -> None:
    on_meta = zoo.locals()["on_meta"]
    assert on_meta.value == "tensor[3, 1024, 1024] f32 meta"
    rows = zoo.children(on_meta.reference)
    assert rows["device"].value == "meta"
    assert "meta" in rows["statistics"].value and "no data" in rows["statistics"].value
    assert rows["values"].value == "no data (meta tensor)"


def test_large_tensor_value_reads_no_data_and_statistics_are_sampled(zoo: DebugSession) -> None:
    big = zoo.locals()["big"]
    assert big.value == "tensor[10000000] f32 cpu"
    rows = zoo.children(big.reference)
    assert rows["shape"].value == "[10000000]"
    assert "sampled" in rows["statistics"].value and "μ=" in rows["statistics"].value
    assert rows["values"].value.startswith("[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, …]")


def test_numpy_sharing_names_the_array(zoo: DebugSession) -> None:
    shared = zoo.locals()["shared"]
    assert shared.value.startswith("tensor[6] f32 cpu shares numpy memory")
    rows = zoo.children(shared.reference)
    assert rows["numpy sharing"].value.startswith("array ")
    big_rows = zoo.children(zoo.locals()["big"].reference)
    assert big_rows["numpy sharing"].value == "none in this frame"


def test_module_value_and_children(zoo: DebugSession) -> None:
    model = zoo.locals()["model"]
    assert model.value.startswith("Net:") and "21" in model.value and model.value.endswith("eval")
    rows = zoo.children(model.reference)
    assert list(rows) == ["fc", "norm", "training", "all parameters", "raw attributes"]
    assert rows["fc"].value.startswith("Linear:") and rows["fc"].evaluate_name == "model.fc"
    fc = zoo.children(rows["fc"].reference)
    assert fc["weight"].value.startswith("parameter[3, 4] f32 cpu requires_grad leaf")
    assert fc["weight"].evaluate_name == "model.fc.weight"
    norm = zoo.children(rows["norm"].reference)
    assert norm["running_mean"].value.startswith("tensor[3] f32 cpu")
    everything = zoo.children(rows["all parameters"].reference)
    assert list(everything) == ["fc.weight", "fc.bias", "norm.weight", "norm.bias"]
    assert everything["norm.bias"].evaluate_name == "model.norm.bias"


def test_parameter_value(zoo: DebugSession) -> None:
    weight = zoo.locals()["weight"]
    assert weight.type == "Parameter"
    assert weight.value.startswith("parameter[3, 4] f32 cpu requires_grad leaf")
    assert zoo.children(weight.reference)["grad_fn"].value == "None (leaf)"


def test_broken_tensor_subclass_still_gets_a_value_and_no_repr(zoo: DebugSession) -> None:
    broken = zoo.locals()["broken"]
    assert broken.type == "BrokenTensor"
    assert "BrokenTensor" in broken.value and "refuses" in broken.value
    # Expanding it answers (pydevd itself reports the object's error) and the session goes on.
    zoo.children(broken.reference)
    assert zoo.evaluate("broken", context="hover")["result"] == broken.value
    # debugpy never fell back to repr(): the subclass counts its repr calls.
    assert zoo.evaluate("len(BrokenTensor.repr_calls)")["result"] == "0"
    assert zoo.locals()["big"].value == "tensor[10000000] f32 cpu"


def test_frame_json_lists_module_members_devices_and_numpy_shares(zoo: DebugSession) -> None:
    expression = "__import__('tensorlens.runtime.editor_view', fromlist=['frame_json']).frame_json(locals())"
    document = json.loads(zoo.evaluate(expression, context="watch", raw_string=True)["result"])
    tensors = {entry["name"]: entry for entry in document["tensors"]}
    # `weight = model.fc.weight` in the script: the plain local's name is listed first, and the module's
    # path to the same tensor points back at it (a tensor is shown wherever the frame reaches it).
    assert tensors["weight"]["kind"] == "parameter" and tensors["weight"]["same_as"] is None
    assert tensors["model.fc.weight"]["same_as"] == "weight"
    assert tensors["model.fc.bias"]["module"] == "model"
    assert tensors["model.fc.bias"]["kind"] == "parameter"
    assert tensors["model.norm.running_mean"]["kind"] == "buffer"
    assert tensors["on_meta"]["device"] == "meta" and tensors["big"]["numel"] == 10_000_000
    assert document["devices"] == ["cpu", "meta"] and document["device_mixture"] is True
    assert {"tensor": "shared", "array": "array"} in document["numpy_shares"]
    assert document["skipped"][0]["name"] == "broken"
    assert document["modules"] == [
        {"name": "model", "class": "Net", "parameters": 21, "devices": ["cpu"], "dtypes": ["float32"],
         "training": False}
    ]


def test_results_unchanged_after_inspecting_everything() -> None:
    script = SAMPLES / "tensor_zoo.py"
    session = DebugSession.start(script)
    try:
        rows = session.locals()
        for name in ("on_meta", "big", "shared", "model", "weight"):
            for child in session.children(rows[name].reference).values():
                if child.reference and child.name != "raw attributes":
                    session.children(child.reference)
        stdout, _ = session.continue_to_end()
    finally:
        session.close()
    assert stdout == run_plain(script)

"""The debug view's frame document: unique ids and every path to a tensor (issue 21)."""

from __future__ import annotations

import json

import torch

from tensorlens.runtime.editor_view import MAX_FRAME_ROWS, frame_json, grad_graph_json


def test_adam_state_entries_get_unique_ids() -> None:
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 2))
    optimizer = torch.optim.Adam(net.parameters())
    net(torch.ones(2, 3)).sum().backward()
    optimizer.step()

    document = json.loads(frame_json({"net": net, "optimizer": optimizer}))

    ids = [entry["id"] for entry in document["tensors"]]
    assert len(ids) == len(set(ids))
    names = [entry["name"] for entry in document["tensors"]]
    assert len(names) > len(set(names)), "Adam's state names repeat: the ids must not"


def test_a_parameter_a_local_also_holds_stays_under_its_module() -> None:
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 2))
    *_, p = net.parameters()  # what `for p in net.parameters(): ...` leaves in the frame

    document = json.loads(frame_json({"p": p, "net": net}))

    members = [entry for entry in document["tensors"] if entry["module"] == "net"]
    assert len(members) == 4
    shared = [entry for entry in members if entry["same_as"] is not None]
    assert [(entry["name"], entry["same_as"], entry["kind"]) for entry in shared] == [("net.1.bias", "p", "parameter")]
    assert [entry["id"] for entry in document["tensors"]].count("p") == 1


def test_graph_nodes_name_the_module_that_owns_them() -> None:
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    loss = net(torch.ones(2, 3)).sum()

    document = json.loads(grad_graph_json(loss, namespace={"net": net}))

    by_module: dict[str, list[str]] = {}
    for node in document["nodes"]:
        by_module.setdefault(node["module"], []).append(node["name"])
    # A layer's own nodes, plus what grad_modules hands it (the ReLU after net.0, the sum after net.2).
    layer = ["AccumulateGrad", "AccumulateGrad", "AddmmBackward0", "TBackward0"]
    assert sorted(by_module["net.0"]) == sorted([*layer, "ReluBackward0"])
    assert sorted(by_module["net.2"]) == sorted([*layer, "SumBackward0"])
    assert sum(map(len, by_module.values())) == len(document["nodes"])


def test_a_big_container_says_how_many_entries_were_not_listed() -> None:
    big = {f"k{i}": torch.zeros(3) for i in range(5000)}
    many = [torch.zeros(3) for _ in range(10_000)]

    document = json.loads(frame_json({"big": big, "many": many, "small": [torch.ones(1)]}))

    listed = [entry["name"] for entry in document["tensors"]]
    assert listed[:2] == ['big["k0"]', 'big["k1"]']
    unlisted = {entry["name"]: entry["entries"] for entry in document["unlisted"]}
    big_listed = sum(name.startswith("big[") for name in listed)
    many_listed = sum(name.startswith("many[") for name in listed)
    assert 0 < big_listed < 5000 and 0 < many_listed < 10_000
    assert unlisted == {"big": 5000 - big_listed, "many": 10_000 - many_listed}


def test_a_frame_of_thousands_of_tensors_is_reported_in_bounded_rows() -> None:
    namespace = {f"t{i}": torch.zeros(3) for i in range(3000)}

    document = json.loads(frame_json(namespace))

    assert len(document["tensors"]) == MAX_FRAME_ROWS
    assert document["truncated"] is True
    assert [entry["name"] for entry in document["tensors"][:2]] == ["t0", "t1"]

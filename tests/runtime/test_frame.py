"""frame_tensors: names, modules, containers, device and numpy flags, hostile objects."""

from __future__ import annotations

import sys

import numpy as np
import torch
from torch import nn

import tensorlens
from tensorlens.runtime.frame import MAX_ITEMS


def test_names_users_would_type() -> None:
    model = nn.Sequential(nn.Linear(4, 3))
    batch = {"x": torch.randn(2, 4), "pair": (torch.zeros(1), [torch.ones(2)])}
    found = tensorlens.frame_tensors({"model": model, "batch": batch, "n": 3})
    names = [row.name for row in found.tensors]
    assert names == ["model.0.weight", "model.0.bias", 'batch["x"]', 'batch["pair"][0]', 'batch["pair"][1][0]']
    assert [m.name for m in found.modules] == ["model"]
    assert found.tensors[0].module == "model" and found.tensors[2].module is None


def test_reads_a_real_frame() -> None:
    def step():
        x = torch.ones(3)
        y = x * 2  # noqa: F841 (a local the frame must show)
        return tensorlens.frame_tensors(sys._getframe())

    found = step()
    assert [row.name for row in found.tensors] == ["x", "y"]


def test_plain_local_name_wins_and_aliases_are_kept() -> None:
    x = torch.ones(3)
    found = tensorlens.frame_tensors({"batch": {"x": x}, "x": x})
    assert [(row.name, row.aliases) for row in found.tensors] == [("x", ['batch["x"]'])]
    assert 'x (= batch["x"])' in found.table()


def test_table_has_modules_before_their_parameters_and_statistics() -> None:
    found = tensorlens.frame_tensors({"w": torch.arange(10.0), "net": nn.Linear(2, 1)})
    lines = found.table().splitlines()
    assert lines[0].startswith("w ") and "μ=4.5" in lines[0]
    assert lines[1].startswith("net ") and "Linear: 3 params" in lines[1]
    assert lines[2].startswith("  net.weight") and "parameter[1, 2]" in lines[2]
    quick = found.table(stats=False).splitlines()
    assert quick[0].endswith("tensor[10] f32 cpu")


def test_mixed_devices_are_flagged_but_cpu_scalars_are_not() -> None:
    same = tensorlens.frame_tensors({"a": torch.ones(2, device="meta"), "scale": torch.tensor(2.0)})
    assert not same.mixed_devices
    mixed = tensorlens.frame_tensors({"a": torch.ones(2, device="meta"), "b": torch.ones(2)})
    assert mixed.mixed_devices
    assert mixed.devices == {"meta": ["a"], "cpu": ["b"]}
    assert "! devices differ — meta: a; cpu: b" in mixed.table()


def test_numpy_aliasing_both_ways() -> None:
    array = np.ones(4, dtype=np.float32)
    tensor = torch.ones(5)
    view = tensor.numpy()[1:]
    found = tensorlens.frame_tensors({"array": array, "t": torch.from_numpy(array), "tensor": tensor, "view": view,
                                      "other": np.zeros(3)})
    pairs = {(a.tensor_name, a.array_name) for a in found.numpy_aliases}
    assert pairs == {("t", "array"), ("tensor", "view")}
    assert "! t shares memory with numpy array array" in found.table()


def test_hostile_objects_are_skipped_without_running_their_code() -> None:
    calls = []

    class Hostile:
        def __iter__(self):
            calls.append("iter")
            raise RuntimeError

        def __repr__(self):
            calls.append("repr")
            raise RuntimeError

        def __getattr__(self, name):
            calls.append(name)
            raise RuntimeError

    class SneakyDict(dict):
        def items(self):
            calls.append("items")
            raise RuntimeError

    found = tensorlens.frame_tensors({"h": Hostile(), "d": SneakyDict(t=torch.ones(1)), "cls": Hostile})
    assert [row.name for row in found.tensors] == ['d["t"]']
    assert calls == []


def test_object_attributes_and_depth_limit() -> None:
    class State:
        pass

    state = State()
    state.hidden = torch.zeros(2)
    deep = [[[[torch.ones(1)]]]]
    found = tensorlens.frame_tensors({"state": state, "deep": deep})
    assert [row.name for row in found.tensors] == ["state.hidden"]


def test_big_containers_are_cut() -> None:
    found = tensorlens.frame_tensors({"xs": [torch.ones(1) for _ in range(MAX_ITEMS + 10)]})
    assert len(found) == MAX_ITEMS


def test_cycles_do_not_loop() -> None:
    a: list = [torch.ones(1)]
    a.append(a)
    assert len(tensorlens.frame_tensors({"a": a})) == 1


def test_names_map_for_grad_fn_chain() -> None:
    model = nn.Linear(2, 1)
    found = tensorlens.frame_tensors({"model": model})
    assert found.names()[id(model.weight)] == "model.weight"


def test_empty_and_bad_frames() -> None:
    assert str(tensorlens.frame_tensors(None)) == "no tensors in this frame"
    assert len(tensorlens.frame_tensors(object())) == 0  # type: ignore[arg-type]


def test_callable_objects_holding_tensors_are_read() -> None:
    class WeightedLoss:
        def __init__(self) -> None:
            self.weight = torch.tensor([1.0, 2.0])

        def __call__(self, x):
            return x * self.weight

    found = tensorlens.frame_tensors({"criterion": WeightedLoss(), "fn": len})
    assert [row.name for row in found.tensors] == ["criterion.weight"]


def test_a_raising_subclass_or_class_attribute_never_makes_it_raise() -> None:
    class Refusing(torch.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            raise RuntimeError("refused")

    class Opaque:
        @property
        def __class__(self):  # isinstance() reads this and would raise
            raise RuntimeError("hidden")

    odd = torch.Tensor._make_subclass(Refusing, torch.zeros(2))
    found = tensorlens.frame_tensors({"odd": odd, "hidden": Opaque(), "w": torch.ones(1)})
    assert [row.name for row in found.tensors] == ["odd", "w"]
    assert found.devices == {"cpu": ["odd", "w"]}
    assert not found.mixed_devices
    assert found.table().splitlines()[0].startswith("odd  Refusing[2] f32 cpu")


def test_frame_locals_of_any_kind_are_read() -> None:
    def step():
        x = torch.ones(3)  # noqa: F841  (read through the frame)
        frame = sys._getframe()
        return frame, frame.f_locals  # a FrameLocalsProxy on Python 3.13, a dict before

    frame, namespace = step()
    assert [row.name for row in tensorlens.frame_tensors(namespace).tensors] == ["x"]
    assert [row.name for row in tensorlens.frame_tensors(frame).tensors] == ["x"]

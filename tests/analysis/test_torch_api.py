"""The table of torch knowledge: every record names an API the pinned torch (and NumPy) really has.

A misspelt or dead name in the table is knowledge the engine can never use (or,
worse, a lookup that silently never matches), so each one fails here.
"""

import importlib

import numpy
import pytest
import torch

from tensorlens.analysis import torch_api as api
from tensorlens.analysis.torch_api.array_shapes import ARRAY_SHAPES, ARRAY_TO_TENSOR
from tensorlens.analysis.torch_api.creation import BACKWARD_CALLS, DEVICE_APIS, FACTORIES, GRAD_MODES, NUMPY_APIS
from tensorlens.analysis.torch_api.modules import DATA_APIS, MODEL_APIS, MODULES
from tensorlens.analysis.torch_api.records import TensorApi
from tensorlens.analysis.torch_api.shapes import LAYER_APIS, MODULE_RUNNERS, SHAPE_APIS

# Some tensor attributes exist only on instances (``names``) or only for some dtypes and ranks (``H``, ``imag``).
_INSTANCE = torch.empty(2, 2, dtype=torch.complex64)
# Third-party names the table knows (the frameworks users build on) cannot be checked against torch.
_THIRD_PARTY = ("lightning.", "pytorch_lightning.")


def resolves(qualified: str) -> bool:
    """Does ``qualified`` name an object of the installed torch or numpy?"""
    if qualified.startswith("torch.Tensor."):
        name = qualified[len("torch.Tensor."):]
        return hasattr(torch.Tensor, name) or name in dir(_INSTANCE) or hasattr(_INSTANCE, name)
    parts = qualified.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:]:
            if not hasattr(target, part):
                return False
            target = getattr(target, part)
        return True
    return False


NAMES = sorted({
    *(r.qualified for r in api.TENSOR_API_RECORDS), *(r.qualified for r in MODULES), *(f.qualified for f in FACTORIES),
    *(r.qualified for r in NUMPY_APIS), *(r.qualified for r in GRAD_MODES),
    *(r.qualified for r in (*MODEL_APIS, *DATA_APIS, *DEVICE_APIS) if not r.qualified.startswith(_THIRD_PARTY)),
    *(b.name if "." in b.name else f"torch.Tensor.{b.name}" for b in BACKWARD_CALLS),
    *(r.qualified for r in SHAPE_APIS), *(r.qualified for r in LAYER_APIS),
    *(r.qualified for r in ARRAY_SHAPES), *ARRAY_TO_TENSOR, *MODULE_RUNNERS,
})


@pytest.mark.parametrize("qualified", NAMES)
def test_every_record_names_an_api_of_the_pinned_torch(qualified):
    assert torch.__version__.startswith("2.13"), "the table is checked against the pinned torch"
    assert numpy is not None
    assert resolves(qualified), f"{qualified} does not exist in torch {torch.__version__}: misspelt or dead"


def test_shape_records_name_their_parameters_as_torch_does():
    # A parameter read by name must be the name torch's signature gives it, or a keyword argument is missed.
    import inspect

    for record in (*SHAPE_APIS, *LAYER_APIS):
        target = torch.nn if record in LAYER_APIS else None
        if target is None or not record.parameters:
            continue
        signature = inspect.signature(getattr(torch.nn, record.name).__init__)
        names = [p for p in signature.parameters if p != "self"]
        if names == ["args", "kwargs"]:
            continue  # RNN/LSTM/GRU take *args: their order is the documented one
        assert list(record.parameters) == names[:len(record.parameters)], (record.name, names)


def test_module_runners_name_their_parameters_as_torch_does():
    import inspect

    for runner in MODULE_RUNNERS.values():
        module_name, name = runner.qualified.rsplit(".", 1)
        names = list(inspect.signature(getattr(importlib.import_module(module_name), name)).parameters)
        assert names[:2] == [runner.module, runner.inputs], (runner.qualified, names)


def test_each_api_has_one_record():
    qualified = [r.qualified for r in api.TENSOR_API_RECORDS]
    assert len(qualified) == len(set(qualified))
    modules = [m.name for m in MODULES]
    assert len(modules) == len(set(modules))


def test_the_records_keep_their_promises():
    for record in api.TENSOR_API_RECORDS:
        assert isinstance(record, TensorApi)
        if record.out_of_place_twin is not None:
            assert record.name == record.out_of_place_twin + "_", record
            assert resolves(f"torch.Tensor.{record.out_of_place_twin}"), record
        if record.is_attribute:
            assert record.is_method, record
    # An in-place method by PyTorch's convention unless its record says it writes no data.
    assert api.is_in_place_method("add_") and not api.is_in_place_method("requires_grad_")


def test_a_lookup_derived_from_the_records_sees_every_spelling():
    # `sigmoid` saves its output whether called as a method, as torch.sigmoid or through F.
    assert "sigmoid" in api.SAVES_OUTPUT and api.saves_for_backward("sigmoid")
    assert "torch.cat" in api.MIXING_FUNCTIONS and "torch.cat" in api.SEQUENCE_ARGUMENT_FUNCTIONS
    assert api.MODULE_TENSOR_KEYWORDS["BCEWithLogitsLoss"] == ("weight", "pos_weight")

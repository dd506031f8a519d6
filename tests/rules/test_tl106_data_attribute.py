"""TL106 data-attribute: `.data` where autograd then computes a wrong gradient; positives run without any error
(that is the trap), and the tests below show the gradient they produce is not the true one."""

import pytest
import torch
import torch.nn as nn
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL106")
PRELUDE = CASES.prelude

POSITIVE = CASES.bad

NEGATIVE = CASES.good

NOT_RUN = {"unknown-tensor"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_says_nothing(source):
    found = findings(program(PRELUDE, source), "TL106")
    assert found and all(".data" in f.message or "autograd" in f.message for f in found), found
    run_torch(program(PRELUDE, source))  # no error: the change is invisible to autograd


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL106") == []
    if name not in NOT_RUN:
        run_torch(source)


def test_a_saved_input_changed_through_data_gives_a_wrong_gradient():
    """The d2l case: `y = x ** 2; x.data *= 100; y.backward()` computes 2 * (100 x), not 2 x."""
    x = torch.arange(4.0, requires_grad=True)
    y = x ** 2
    x.data *= 100
    y.sum().backward()
    assert not torch.allclose(x.grad, 2 * torch.arange(4.0))


def test_a_computed_result_changed_through_data_gives_a_wrong_gradient():
    """The same write through the tensor raises; through .data the gradient is silently wrong."""
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = torch.sigmoid(w)
    version = y._version
    y.data.mul_(2)
    assert y._version == version  # autograd's version check cannot see the write
    y.sum().backward()
    true = torch.sigmoid(w.detach()) * (1 - torch.sigmoid(w.detach()))
    assert not torch.allclose(w.grad, true)


def test_parameter_data_in_forward_leaves_the_parameter_without_gradient():
    """The d2l MyLinear case: the layer's weight never gets a gradient, so it never trains."""
    namespace: dict = {}
    exec(program(PRELUDE, POSITIVE["parameter-data-in-forward"]), namespace)
    layer = namespace["MyLinear"](5, 3)
    layer(torch.randn(2, 5)).sum().backward()
    assert layer.weight.grad is None and layer.bias.grad is not None


def test_reports_the_write_with_the_saving_op_and_the_backward():
    [finding] = findings(program(PRELUDE, POSITIVE["saved-input-changed-before-backward"]), "TL106")
    assert (finding.span.line, finding.span.column) == (5, 1)
    assert "`**` saved for backward (as an input) at line 4" in finding.message
    assert "at line 6 then computes its gradients from the new values" in finding.message
    assert [related.span.line for related in finding.related] == [4, 6]


def test_assignment_is_described_as_a_write():
    [finding] = findings(program(PRELUDE, POSITIVE["data-swapped-before-backward"]), "TL106")
    assert finding.message.startswith("assigning `w.data`")


def test_a_write_through_a_name_bound_to_data_names_the_tensor_it_changes():
    [finding] = findings(program(PRELUDE, POSITIVE["write-through-a-name-bound-to-data"]), "TL106")
    assert "through `buffer` (`h.data` at line 5) changes `h`" in finding.message
    assert [related.span.line for related in finding.related] == [5]


def test_the_forward_finding_points_at_the_data_read():
    [finding] = findings(program(PRELUDE, POSITIVE["parameter-data-in-forward"]), "TL106")
    assert finding.message.startswith("`self.weight.data` in forward()") and "never trains" in finding.message
    assert finding.span.column == len("        linear = torch.matmul(X, ") + 1


def test_a_module_without_data_in_forward_trains():
    layer = nn.Linear(5, 3)
    layer(torch.randn(2, 5)).sum().backward()
    assert layer.weight.grad is not None

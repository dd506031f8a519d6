"""TL106 data-attribute: `.data` on a tensor that requires grad; positives run without any error (that is the trap)."""

import pytest
import torch
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
    assert len(found) == 1, found
    assert ".data" in found[0].message and ("autograd" in found[0].message or "redundant" in found[0].message)
    run_torch(program(PRELUDE, source))  # no error: the change is invisible to autograd


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL106") == []
    if name not in NOT_RUN:
        run_torch(source)


def test_a_write_through_data_silently_corrupts_the_gradient():
    """What TL106 warns about: the same write through the tensor raises; through .data it is wrong."""
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = torch.sigmoid(w)
    version = y._version
    y.data.mul_(2)
    assert y._version == version  # autograd's version check cannot see the write
    y.sum().backward()
    true = torch.sigmoid(w.detach()) * (1 - torch.sigmoid(w.detach()))
    assert not torch.allclose(w.grad, true)


def test_reports_the_write_and_where_grad_came_from():
    [finding] = findings(program(PRELUDE, POSITIVE["write-through-data"]), "TL106")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (4, 1, len("w.data.add_(1)") + 1)
    assert "`w`, a tensor that requires grad (requires_grad=True at line 3)" in finding.message
    assert "with torch.no_grad():" in finding.message


def test_assignment_is_described_as_a_write():
    [finding] = findings(program(PRELUDE, POSITIVE["assign-data"]), "TL106")
    assert finding.message.startswith("assigning `w.data`") and "copy_" in finding.message


def test_under_no_grad_the_message_says_data_is_redundant_and_never_advises_no_grad():
    [finding] = findings(program(PRELUDE, POSITIVE["still-flagged-under-no-grad"]), "TL106")
    assert finding.message.startswith("`.data` is redundant here: grad is off")
    assert "with torch.no_grad()" not in finding.message


def test_a_write_through_a_name_bound_to_data_names_the_tensor_it_changes():
    [finding] = findings(program(PRELUDE, POSITIVE["write-through-a-name-bound-to-data"]), "TL106")
    assert "through `buffer` (`w.data` at line 4) changes `w`" in finding.message
    assert [related.span.line for related in finding.related] == [4]

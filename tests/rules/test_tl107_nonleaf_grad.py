"""TL107 nonleaf-grad: every positive case is run; PyTorch warns and `.grad` is None."""

import warnings

import pytest
from fixture_cases import fixture_cases
from snippets import as_meta, findings, program, run_torch

CASES = fixture_cases("TL107")
PRELUDE = CASES.prelude

NOT_A_LEAF = "is not a leaf Tensor"

# Each positive case stores the `.grad` it reads in `seen`.
POSITIVE = CASES.bad

NEGATIVE = CASES.good

NOT_RUN = {"unknown-tensor"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_warns_and_gives_none(source):
    found = findings(program(PRELUDE, source), "TL107")
    assert len(found) == 1, found
    assert "not a leaf" in found[0].message and "retain_grad()" in found[0].message
    with pytest.warns(UserWarning, match=NOT_A_LEAF):
        namespace = run_torch(as_meta(program(PRELUDE, source)))
    assert namespace["seen"] is None


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_no_warning(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL107") == []
    if name not in NOT_RUN:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            run_torch(source)


def test_reports_the_grad_read_and_where_the_tensor_was_made():
    [finding] = findings(program(PRELUDE, POSITIVE["intermediate-activation"]), "TL107")
    assert (finding.span.line, finding.span.column) == (6, 8)
    assert finding.span.end_column == len("seen = hidden.grad") + 1
    assert "`hidden`" in finding.message and "(computed at line 4)" in finding.message
    assert finding.related and finding.related[0].span.line == 4


def test_a_leaf_copied_to_the_gpu_is_explained_as_moved():
    [finding] = findings(program(PRELUDE, POSITIVE["leaf-moved-to-the-gpu"]), "TL107")
    assert "moved at line 3" in finding.message

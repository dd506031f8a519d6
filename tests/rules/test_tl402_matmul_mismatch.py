"""TL402 matmul-mismatch: every positive raises PyTorch's own shape error on the CPU; every negative runs."""

import re

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL402")
PRELUDE = CASES.prelude
TORCH_ERROR = "cannot be multiplied|batch2 tensor|must be a matrix"


@pytest.mark.parametrize("source", CASES.bad.values(), ids=CASES.bad.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL402")
    assert len(found) == 1, found
    # The message quotes PyTorch's error and gives the shapes that clash.
    assert re.search(TORCH_ERROR, found[0].message), found[0].message
    assert "[" in found[0].message and "line" in found[0].message, found[0].message
    with pytest.raises(RuntimeError, match=TORCH_ERROR):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", CASES.good.values(), ids=CASES.good.keys())
def test_no_finding_and_it_runs(source):
    assert findings(program(PRELUDE, source), "TL402") == []
    run_torch(program(PRELUDE, source))

"""TL406 conv-input-mismatch: every positive raises PyTorch's own shape error on the CPU; every negative runs."""

import re

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL406")
PRELUDE = CASES.prelude
TORCH_ERROR = "channels instead|input to conv|Output size is too small|Kernel size can't be greater"


@pytest.mark.parametrize("source", CASES.bad.values(), ids=CASES.bad.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL406")
    assert len(found) == 1, found
    # The message quotes PyTorch's error and gives the shapes that clash.
    assert re.search(TORCH_ERROR, found[0].message), found[0].message
    assert "[" in found[0].message and "line" in found[0].message, found[0].message
    with pytest.raises(RuntimeError, match=TORCH_ERROR):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", CASES.good.values(), ids=CASES.good.keys())
def test_no_finding_and_it_runs(source):
    assert findings(program(PRELUDE, source), "TL406") == []
    run_torch(program(PRELUDE, source))

"""TL302 numpy-requires-grad: every positive case raises PyTorch's RuntimeError."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL302")
PRELUDE = CASES.prelude

REQUIRES_GRAD = "Can't call numpy\\(\\) on Tensor that requires grad"

POSITIVE = CASES.bad

NEGATIVE = CASES.good


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL302")
    assert len(found) == 1, found
    assert "detach()" in found[0].message
    with pytest.raises(RuntimeError, match=REQUIRES_GRAD):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding_and_torch_agrees(source):
    assert findings(program(PRELUDE, source), "TL302") == []
    run_torch(program(PRELUDE, source))


def test_reports_the_numpy_call_and_where_grad_came_from():
    [finding] = findings(program(PRELUDE, POSITIVE["leaf-with-requires-grad"]), "TL302")
    assert (finding.span.line, finding.span.column) == (5, 10)
    assert finding.span.end_column == len("points = embedding.numpy()") + 1
    assert finding.message.startswith("`embedding` requires grad (requires_grad=True at line 4)")
    assert "`embedding.detach().numpy()`" in finding.message

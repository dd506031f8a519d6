"""TL101 inplace-on-leaf: every positive case also raises PyTorch's RuntimeError."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL101")
PRELUDE = CASES.prelude

POSITIVE = CASES.bad

NEGATIVE = CASES.good


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL101")
    assert len(found) == 1, found
    assert "requires grad" in found[0].message or "parameter" in found[0].message
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad|out=... arguments don't support"):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding_and_torch_agrees(source):
    assert findings(program(PRELUDE, source), "TL101") == []
    if "def update(p, lr)" not in source:
        run_torch(program(PRELUDE, source))


def test_reports_the_in_place_op_and_where_grad_was_learned():
    source = program(PRELUDE, """
        w = torch.randn(3, requires_grad=True)
        w.add_(1)
    """)
    [finding] = findings(source, "TL101")
    assert (finding.span.line, finding.span.column) == (4, 1)
    assert finding.span.end_column == len("w.add_(1)") + 1
    assert "`w`" in finding.message and "line 3" in finding.message
    assert finding.related and finding.related[0].span.line == 3

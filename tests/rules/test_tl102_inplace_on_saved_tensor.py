"""TL102 inplace-on-saved-tensor: every positive case also raises PyTorch's RuntimeError at backward()."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL102")
PRELUDE = CASES.prelude

MODIFIED = "modified by an inplace operation"

POSITIVE = CASES.bad

NEGATIVE = CASES.good

NOT_RUN = {"inputs-not-known"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL102")
    assert len(found) == 1, found
    assert "saved for backward" in found[0].message and "backward()" in found[0].message
    with pytest.raises(RuntimeError, match=MODIFIED):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL102") == []
    if name not in NOT_RUN:
        run_torch(source)


def test_reports_the_write_and_names_the_saving_op_and_the_backward():
    source = program(PRELUDE, POSITIVE["sigmoid-output-mul_"])
    [finding] = findings(source, "TL102")
    assert (finding.span.line, finding.span.column) == (6, 1)
    assert finding.span.end_column == len("gate.mul_(0.5)") + 1
    assert "`gate`" in finding.message and "`torch.sigmoid`" in finding.message
    assert "line 5" in finding.message and "`loss.backward()` at line 8" in finding.message
    assert [r.span.line for r in finding.related] == [5, 8]


def test_an_input_is_named_as_an_input():
    [finding] = findings(program(PRELUDE, POSITIVE["mul-input-that-needs-no-grad"]), "TL102")
    assert "`x`" in finding.message and "as an input" in finding.message and "`*`" in finding.message


def test_two_backwards_report_the_write_once():
    source = program(PRELUDE, """
        w = torch.randn(3, requires_grad=True)
        y = torch.tanh(w)
        y.mul_(2)
        y.sum().backward(retain_graph=True)
        y.sum().backward()
    """)
    assert len(findings(source, "TL102")) == 1

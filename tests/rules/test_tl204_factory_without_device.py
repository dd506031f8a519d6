"""TL204 factory-without-device: every positive module, moved to meta, raises when called on a meta input."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL204")
PRELUDE = CASES.prelude

RUN_ON_META = """
module = Model().to("meta")
module(torch.ones(2, 4, device="meta"))
"""

NOT_ON_META = "is not on the expected device|same device"

POSITIVE = CASES.bad

NEGATIVE = CASES.good


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_the_moved_module_fails(source):
    found = findings(program(PRELUDE, source), "TL204")
    assert len(found) == 1, found
    assert "device=" in found[0].message and "forward()" in found[0].message
    with pytest.raises(RuntimeError, match=NOT_ON_META):
        run_torch(program(PRELUDE, source, RUN_ON_META))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding_and_the_moved_module_runs(source):
    assert findings(program(PRELUDE, source), "TL204") == []
    run_torch(program(PRELUDE, source, RUN_ON_META))


def test_reports_the_factory_call_and_where_it_meets_the_module():
    [finding] = findings(program(PRELUDE, POSITIVE["positional-encoding"]), "TL204")
    assert (finding.span.line, finding.span.column) == (9, 21)
    assert finding.span.end_column == len("        positions = torch.arange(x.shape[1])") + 1
    assert "`torch.arange()`" in finding.message and "`self.proj(x)`" in finding.message
    assert "at line 10" in finding.message and finding.related[0].span.line == 10


def test_suggests_the_input_device_by_name():
    [finding] = findings(program(PRELUDE, POSITIVE["combined-with-the-input"]), "TL204")
    assert "`device=x.device`" in finding.message

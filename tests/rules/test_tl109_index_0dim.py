"""TL109 index-0dim: every positive raises PyTorch's IndexError; every negative runs."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL109")
PRELUDE = CASES.prelude


@pytest.mark.parametrize("source", CASES.bad.values(), ids=CASES.bad.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL109")
    assert len(found) == 1, found
    assert "0-dim" in found[0].message and ".item()" in found[0].message
    with pytest.raises(IndexError, match="0-dim|slice|out of bounds for dimension 0 with size 0"):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", CASES.good.values(), ids=CASES.good.keys())
def test_no_finding_and_it_runs(source):
    assert findings(program(PRELUDE, source), "TL109") == []
    run_torch(program(PRELUDE, source))


def test_the_fix_reads_the_value_with_item():
    source = program(PRELUDE, CASES.bad["loss-data-index"])
    [finding] = findings(source, "TL109")
    assert finding.fix is not None and not finding.fix.safe
    assert [edit.text for edit in finding.fix.edits] == ["loss.item()"]

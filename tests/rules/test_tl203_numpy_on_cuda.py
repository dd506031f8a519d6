"""TL203 numpy-on-cuda: every positive case raises with real torch (meta standing in for cuda)."""

import pytest
from fixture_cases import fixture_cases
from snippets import as_meta, findings, program, run_torch

CASES = fixture_cases("TL203")
PRELUDE = CASES.prelude

CANNOT_CONVERT = "can't convert meta device type tensor to numpy"

POSITIVE = CASES.bad

NEGATIVE = CASES.good

# Copying to the host needs data, which meta (standing in for cuda here) does not have;
# and meta is not `is_cuda`.
NOT_RUN = {"unknown-device", "forced", "cpu-first", "moved-back", "is-cuda-guard"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL203")
    assert len(found) == 1, found
    assert "raises TypeError" in found[0].message and ".cpu()" in found[0].message
    with pytest.raises(TypeError, match=CANNOT_CONVERT):
        run_torch(as_meta(program(PRELUDE, source)))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL203") == []
    if name not in NOT_RUN:
        run_torch(as_meta(source))


def test_reports_the_numpy_call_and_where_the_device_came_from():
    [finding] = findings(program(PRELUDE, POSITIVE["predictions-on-cuda"]), "TL203")
    assert (finding.span.line, finding.span.column) == (5, 10)
    assert finding.span.end_column == len("labels = predictions.numpy()") + 1
    assert finding.message.startswith("`predictions` is on cuda (created at line 4)")
    assert finding.related and finding.related[0].span.line == 4

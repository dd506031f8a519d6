"""TL103 backward-twice: every positive case also raises PyTorch's RuntimeError on the second backward()."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL103")
PRELUDE = CASES.prelude

SECOND_TIME = "backward through the graph a second time"

POSITIVE = CASES.bad

NEGATIVE = CASES.good

NOT_RUN = {"loss-of-unknown-origin"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL103")
    assert len(found) == 1, found
    assert "freed" in found[0].message and "a second time" in found[0].message
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL103") == []
    if name not in NOT_RUN:
        run_torch(source)


def test_reports_the_second_backward_and_where_the_graph_was_freed():
    source = program(PRELUDE, POSITIVE["same-loss-twice"])
    [finding] = findings(source, "TL103")
    assert (finding.span.line, finding.span.column) == (7, 1)
    assert finding.span.end_column == len("loss.backward()") + 1
    assert "`loss.backward()`" in finding.message and "`torch.tanh` (line 5)" in finding.message
    assert "the backward() at line 6" in finding.message
    assert [r.span.line for r in finding.related] == [5, 6]


def test_loop_case_says_previous_iteration():
    [finding] = findings(program(PRELUDE, POSITIVE["loss-computed-before-the-loop"]), "TL103")
    assert finding.span.line == 10
    assert "previous iteration" in finding.message and "inside the loop" in finding.message


def test_shared_subgraph_names_the_shared_op():
    [finding] = findings(program(PRELUDE, POSITIVE["two-losses-share-a-subgraph"]), "TL103")
    assert finding.span.line == 9 and "`torch.tanh`" in finding.message

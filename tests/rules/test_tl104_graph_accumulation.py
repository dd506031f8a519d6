"""TL104 graph-accumulation: every positive case is run to show the total really carries a growing graph."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL104")
PRELUDE = CASES.prelude

# Each positive case names the accumulated total; after the run it must hold autograd history.
PROOF = {
    "running-loss": "running_loss",
    "assignment-form": "total",
    "tensor-total": "total",
    "epoch-total-over-inner-loop": "epoch_loss",
    "inside-a-function": "result",
    "module-method-attribute-total": "result",
    "import-alias": "acc",
    "while-loop": "acc",
    "scaled-loss-expression": "log",
    "reset-only-every-few-steps": "running",
}
POSITIVE = {name: (source, PROOF[name]) for name, source in CASES.bad.items()}

NEGATIVE = CASES.good


def _has_history(value) -> bool:
    return getattr(value, "grad_fn", None) is not None


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_the_graph_really_grows(case):
    source, total = case
    found = findings(program(PRELUDE, source), "TL104")
    assert len(found) == 1, found
    assert "graph" in found[0].message and ".item()" in found[0].message
    namespace = run_torch(program(PRELUDE, source))
    assert _has_history(namespace[total]), "the total should carry autograd history"


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL104") == []
    namespace = run_torch(source)
    for total in ("running_loss", "total"):
        if total in namespace:
            assert not _has_history(namespace[total])


def test_reports_the_accumulating_statement():
    source, _ = POSITIVE["running-loss"]
    [finding] = findings(program(PRELUDE, source), "TL104")
    assert (finding.span.line, finding.span.column) == (13, 5)
    assert finding.span.end_column == len("    running_loss += loss") + 1
    assert "`running_loss`" in finding.message and "`loss` carries history (computed at line 10)" in finding.message
    assert "loop at line 8" in finding.message and finding.related[0].span.line == 8

"""TL201 device-mismatch: positives also raise PyTorch's device error, with meta standing in for cuda."""

import pytest
from fixture_cases import fixture_cases
from snippets import as_meta, findings, program, run_torch

CASES = fixture_cases("TL201")
PRELUDE = CASES.prelude

POSITIVE = CASES.bad

NEGATIVE = CASES.good


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises_with_meta(source):
    found = findings(program(PRELUDE, source), "TL201")
    assert len(found) == 1, found
    assert " is on " in found[0].message and " but " in found[0].message
    with pytest.raises(RuntimeError, match="device"):
        run_torch(as_meta(program(PRELUDE, source)))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding(source):
    assert findings(program(PRELUDE, source), "TL201") == []


RUNNABLE_NEGATIVES = ["both-moved", "zero-dim-cpu-scalar", "zero-dim-factories", "batch-dict-moved-by-key",
                      "batch-dict-moved-by-items", "batch-dict-updated", "list-moved-by-index", "module-to-is-in-place",
                      "like-factory-follows-input", "symbolic-device-used-consistently", "parameterless-module",
                      "reassigned", "loss-of-scalar-with-cuda", "modulelist-children-move-with-the-model",
                      "trainer-model-moved-after-the-trainer-was-made"]


@pytest.mark.parametrize("name", RUNNABLE_NEGATIVES)
def test_negative_runs_with_meta(name):
    # meta cannot copy to the CPU, so only cases without device-to-cpu copies run.
    run_torch(as_meta(program(PRELUDE, NEGATIVE[name])))


def test_message_names_both_sides_and_lines():
    source = program(PRELUDE, """
        model = nn.Linear(10, 2)
        model.cuda()
        x = torch.randn(4, 10)
        logits = model(x)
        labels = torch.tensor([1, 0])
        loss = F.cross_entropy(logits, labels)
    """)
    found = findings(source, "TL201")
    assert [f.span.line for f in found] == [7, 9]
    assert found[0].message.startswith("`model` is on cuda (model moved at line 5) "
                                       "but `x` is on cpu (created at line 6)")
    assert found[1].message.startswith("`logits` is on cuda (model moved at line 5) "
                                       "but `labels` is on cpu (created at line 8)")
    assert {r.span.line for r in found[1].related} == {5, 8}

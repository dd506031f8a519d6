"""TL108 requires-grad-typo: every positive case is run: the flag silently stays put, or torch raises."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL108")
PRELUDE = CASES.prelude

# Each positive case: the source, and either an exception torch raises or an expression that
# must hold after the run (the misspelling changed nothing).
PROOF = {
    "misspelt-attribute": "temperature.requires_grad is False",
    "method-overwritten": "bias.requires_grad is False",
    "freezing-that-freezes-nothing": "all(p.requires_grad for p in model.parameters())",
    "module-attribute": "backbone.weight.requires_grad is True",
    "factory-keyword": TypeError,
    "parameter-keyword": TypeError,
    "tensor-method-keyword": TypeError,
    "misspelt-read": AttributeError,
    "import-alias": TypeError,
    "inside-a-function": "made.requires_grad is False",
    "module-init": "module.scale.requires_grad is True",
    "method-overwritten-on-a-parameter-in-a-loop": "model.bias.requires_grad is True",
    "parameter-attribute": "param.requires_grad is True",
    "own-class-that-never-sets-it": "all(p.requires_grad for p in head.parameters())",
    "read-on-own-class-that-never-sets-it": AttributeError,
    "submodule-through-self": "block.fc.weight.requires_grad is True",
    "method-overwritten-through-self": "block.fc.weight.requires_grad is True",
}
POSITIVE = {name: (source, PROOF[name]) for name, source in CASES.bad.items()}

NEGATIVE = CASES.good


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_ignores_or_raises(case):
    source, outcome = case
    found = findings(program(PRELUDE, source), "TL108")
    assert len(found) == 1, found
    assert "requires_grad" in found[0].message
    if isinstance(outcome, str):
        namespace = run_torch(program(PRELUDE, source))
        assert eval(outcome, namespace), outcome
    else:
        with pytest.raises(outcome):
            run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding(source):
    assert findings(program(PRELUDE, source), "TL108") == []
    run_torch(program(PRELUDE, source))


def test_reports_the_misspelt_name():
    source, _ = POSITIVE["misspelt-attribute"]
    [finding] = findings(program(PRELUDE, source), "TL108")
    assert (finding.span.line, finding.span.column) == (4, 13)
    assert finding.span.end_column == len("temperature.requires_grads") + 1
    assert "stays False (created at line 3)" in finding.message


def test_keyword_names_the_callee():
    source, _ = POSITIVE["factory-keyword"]
    [finding] = findings(program(PRELUDE, source), "TL108")
    assert (finding.span.line, finding.span.column) == (3, 20)
    assert "`torch.zeros()`" in finding.message and "TypeError" in finding.message

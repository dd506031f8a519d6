"""TL105 missing-zero-grad: each positive case is run to show the gradients really pile up.

The cases keep the learning rate at 0 and the data fixed, so every step computes the
same gradient: after ``STEPS`` steps without zeroing, ``.grad`` is ``STEPS`` times it.
"""

import pytest
import torch
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL105")
PRELUDE = CASES.prelude

# Each positive case names a tensor whose .grad is checked after the run.
PROOF = {
    "helper-function-that-does-not-clear": "model.weight",
    "no-zero-grad-at-all": "model[0].weight",
    "zero-grad-only-before-the-loop": "model.weight",
    "nested-loops": "model.bias",
    "inside-a-function": "model.weight",
    "module-method": "model.fc.weight",
    "import-alias": "w",
    "from-import": "w",
    "while-loop": "w",
    "zero-grad-after-the-loop": None,
    "weight-clipping-is-not-clearing": "model.weight",
    "zeroing-a-copy-of-the-gradient": "model.bias",
    "setattr-of-another-attribute": "model.weight",
}
POSITIVE = {name: (source, PROOF[name]) for name, source in CASES.bad.items()}

# Good cases (in the fixture) that clear every parameter's gradient after optimizer.step(): torch
# shows the gradients cleared at the end, and none may be flagged.
GRADS_CLEARED = (
    "grad-multiplied-by-zero-through-param-groups", "grad-multiplied-by-zero", "grad-slice-assigned", "grad-mul_",
    "grad-fill_", "grad-zero_-per-parameter", "grad-through-a-name", "grad-set-to-none-after-step",
    "setattr-grad-none", "optimizer-class-zero-grad", "module-class-zero-grad", "model-zero-grad-after-step",
)

NEGATIVE = CASES.good


def _grad_after(source: str, watched: str, steps: int) -> torch.Tensor:
    namespace = run_torch(program(PRELUDE.replace("STEPS = 3", f"STEPS = {steps}"), source))
    return eval(watched, namespace).grad.clone()


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_gradients_really_accumulate(case):
    source, watched = case
    found = findings(program(PRELUDE, source), "TL105")
    assert len(found) == 1, found
    assert "zero" in found[0].message and ".step()" in found[0].message
    if watched is None:
        namespace = run_torch(program(PRELUDE, source))
        once = run_torch(program(PRELUDE.replace("STEPS = 3", "STEPS = 1"), source))
        assert torch.allclose(namespace["grad_at_end"], 3 * once["grad_at_end"])
    else:
        assert torch.allclose(_grad_after(source, watched, 3), 3 * _grad_after(source, watched, 1))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL105") == []
    run_torch(source)


@pytest.mark.parametrize("name", [*GRADS_CLEARED, "grad-multiplied-by-zero-in-a-dataset-loop",
                                  "helper-function-clears"])
def test_torch_shows_the_gradients_cleared(name):
    namespace = run_torch(program(PRELUDE, NEGATIVE[name]))
    for p in namespace["model"].parameters():
        assert p.grad is None or not p.grad.any(), (name, p.grad)


def test_reports_the_optimizer_step():
    source, _ = POSITIVE["no-zero-grad-at-all"]
    [finding] = findings(program(PRELUDE, source), "TL105")
    assert (finding.span.line, finding.span.column) == (11, 5)
    assert finding.span.end_column == len("    optimizer.step()") + 1
    assert finding.message.startswith("`optimizer.step()` runs in a loop (line 8) that calls backward() at line 10")
    assert [r.span.line for r in finding.related] == [10, 8]


def test_a_step_in_nested_loops_is_reported_once():
    source, _ = POSITIVE["nested-loops"]
    assert len(findings(program(PRELUDE, source), "TL105")) == 1

"""TL112 eval-mode: each positive case is run with torch to show the evaluation is not the model's.

After the program runs, its model is still in training mode where the finding says so; evaluating it
then gives outputs different from ``eval()`` mode on the same data (Dropout drops activations,
BatchNorm normalizes with the batch's statistics), which is what the flagged call computed.
"""

from __future__ import annotations

import pytest
import torch
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL112")
PRELUDE = CASES.prelude
POSITIVE = CASES.bad
NEGATIVE = CASES.good

# The model each positive case evaluates in training mode, by its name in the program.
EVALUATED = {
    "validation-loop-without-eval": "model",
    "test-loop-under-no-grad": "model",
    "evaluation-after-train-call": "model",
    "evaluation-helper-called-with-the-training-model": "net",
    "inference-mode-prediction": "model",
}


def test_every_positive_case_has_a_proof():
    assert set(POSITIVE) == set(EVALUATED)


@pytest.mark.parametrize("name", POSITIVE.keys())
def test_flags_and_training_mode_changes_the_outputs(name):
    source = program(PRELUDE, POSITIVE[name])
    [finding] = findings(source, "TL112")
    assert "training mode" in finding.message and ".eval()" in finding.message
    namespace = run_torch(source)
    model, x = namespace[EVALUATED[name]], namespace["x"]
    assert model.training, "the program left the model in training mode, as the finding says"
    with torch.no_grad():
        torch.manual_seed(1)
        in_training_mode = model(x)
        model.eval()
        in_eval_mode = model(x)
    assert not torch.allclose(in_training_mode, in_eval_mode)


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_runs(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL112") == []
    run_torch(source)


def test_message_says_where_training_mode_comes_from():
    [finding] = findings(program(PRELUDE, POSITIVE["evaluation-after-train-call"]), "TL112")
    assert "(`train()` at line" in finding.message
    [finding] = findings(program(PRELUDE, POSITIVE["test-loop-under-no-grad"]), "TL112")
    assert "modules start in training mode" in finding.message and "under no_grad()" in finding.message

"""TL110-TL113 at run time: silent training bugs seen on live tensors and modules (issue 19 item 6).

Each positive program takes `fixed` for its correct twin; the test first
shows the symptom with torch (a higher loss than the twin, weights that
never change, two evaluations that disagree), then that `tensorlens run`
reports the bug where it happens, and that the twin is silent. Correct
programs that look alike (gradient accumulation, frozen layers, a GAN's two
optimizers, LBFGS closures, Monte Carlo dropout, a Mean Teacher) must stay
silent.
"""

from __future__ import annotations

import pytest

PROGRAMS = "tests/sanitizer/silent_programs"


def _path(program: str) -> str:
    return f"{PROGRAMS}/{program}.py"


def test_tl110_a_softmax_layer_before_cross_entropy_trains_worse(plain, sanitize):
    path = _path("softmax_sequential_ce")
    buggy, fixed = float(plain(path).stdout), float(plain(path, "fixed").stdout)
    assert buggy > 2 * fixed  # same data, same steps: the doubled softmax learns far less

    [finding] = sanitize(path).finding_lines()
    assert finding.startswith(f"tensorlens: {path}:20:")
    assert " TL110 `F.cross_entropy()` gets scores (tensor[64, 4] f32 cpu grad_fn=SoftmaxBackward0, made by " \
           f"`F.softmax()` at {path}:20" in finding
    assert "rows are probabilities (non-negative, summing to 1: a softmax output)" in finding
    assert sanitize(path, "fixed").finding_lines() == []


def test_tl110_softmax_through_a_helper_into_nll_loss(plain, sanitize):
    path = _path("softmax_helper_nll")
    assert float(plain(path).stdout) > 2 * float(plain(path, "fixed").stdout)

    [finding] = sanitize(path).finding_lines()
    assert finding.startswith(f"tensorlens: {path}:22:")
    assert f"TL110 `F.nll_loss()` gets `probabilities` (tensor[32, 3] f32 cpu grad_fn=SoftmaxBackward0, " \
           f"made by `F.softmax()` at {path}:11" in finding
    assert "nll_loss expects log-probabilities" in finding
    assert sanitize(path, "fixed").finding_lines() == []


def test_tl110_softmax_for_metrics_log_softmax_and_soft_targets_are_silent(sanitize):
    run = sanitize(_path("softmax_for_metrics"))
    assert run.returncode == 0 and run.finding_lines() == []


def test_tl113_a_loss_rebuilt_from_item_never_reaches_the_model(plain, sanitize):
    path = _path("loss_rebuilt_from_item")
    assert plain(path).stdout == "unchanged\n" and plain(path, "fixed").stdout == "changed\n"

    run = sanitize(path)

    [finding] = run.finding_lines()
    assert finding.startswith(f"tensorlens: {path}:26:")  # the optimizer.step() line
    assert "TL113 `backward()` at line 25 reached none of the 4 parameters of this `SGD`" in finding
    assert sanitize(path, "fixed").finding_lines() == []


def test_tl111_zero_grad_between_backward_and_step(plain, sanitize):
    path = _path("zero_grad_before_step")
    assert plain(path).stdout == "unchanged\n" and plain(path, "fixed").stdout == "changed\n"

    [finding] = sanitize(path).finding_lines()
    assert finding.startswith(f"tensorlens: {path}:19:")
    assert ("TL111 `Adam.step()` finds every gradient None: `zero_grad()` at line 18 cleared them after "
            "`backward()` at line 16") in finding
    assert sanitize(path, "fixed").finding_lines() == []


def test_tl111_step_before_backward(plain, sanitize, tmp_path):
    script = tmp_path / "step_first.py"
    script.write_text(
        "import torch\n\n"
        "model = torch.nn.Linear(3, 1)\n"
        "before = model.weight.detach().clone()\n"
        "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for step in range(3):\n"
        "    optimizer.zero_grad()\n"
        "    loss = model(torch.randn(4, 3)).pow(2).mean()\n"
        "    optimizer.step()\n"
        "    loss.backward()\n"
        "print('changed' if not torch.equal(before, model.weight) else 'unchanged')\n")
    assert plain(str(script)).stdout == "unchanged\n"

    [finding] = sanitize(str(script)).finding_lines()
    assert ":9:" in finding and "TL111 `SGD.step()` runs before `backward()` at line 10" in finding


def test_correct_training_loops_are_silent(sanitize):
    run = sanitize(_path("correct_training_loops"))
    assert run.returncode == 0 and run.stdout.startswith("done")
    assert run.finding_lines() == []


@pytest.mark.parametrize("every_step", [False, True])
def test_tl112_an_evaluation_in_training_mode_gives_different_outputs(plain, sanitize, every_step):
    path = _path("eval_without_eval_mode")
    assert plain(path).stdout == "different\n" and plain(path, "fixed").stdout == "same\n"
    options = ["--every-step"] if every_step else []

    [finding] = sanitize(*options, path).finding_lines()
    assert finding.startswith(f"tensorlens: {path}:26:")  # model(batch) in evaluate()
    assert ("TL112 `model` is evaluated in training mode under no_grad/inference_mode: `model.body.2` "
            "(Dropout, p=0.5) is still dropping activations") in finding
    assert sanitize(*options, path, "fixed").finding_lines() == []


def test_tl112_a_single_final_evaluation_is_reported_when_the_program_ends(sanitize, tmp_path):
    script = tmp_path / "predict.py"
    script.write_text(
        "import torch\n\n"
        "model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Dropout(0.5))\n"
        "with torch.inference_mode():\n"
        "    prediction = model(torch.ones(2, 4))\n")

    [finding] = sanitize(str(script)).finding_lines()
    assert ":5:" in finding and "TL112 `model` is evaluated in training mode" in finding


def test_tl112_monte_carlo_dropout_and_a_mean_teacher_are_silent(sanitize):
    run = sanitize(_path("dropout_on_purpose"))
    assert run.returncode == 0 and run.stdout.startswith("uncertainty")
    assert run.finding_lines() == []


def test_tl111_an_optimizer_stepped_with_no_backward_at_all(plain, sanitize, tmp_path):
    script = tmp_path / "no_backward.py"
    script.write_text(
        "import torch\n\n"
        "model = torch.nn.Linear(3, 1)\n"
        "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for step in range(3):\n"
        "    optimizer.zero_grad()\n"
        "    loss = model(torch.randn(4, 3)).pow(2).mean()\n"
        "    optimizer.step()\n")

    [finding] = sanitize(str(script)).finding_lines()
    assert ":8:" in finding and "TL111 `SGD.step()` runs with no `backward()` since its last step" in finding

"""`tensorlens run --nonfinite`: the op that first made a NaN or Inf, forward and backward."""

from __future__ import annotations

NAN = "samples/sanitizer/nan_from_log.py"
INF_GRAD = "samples/sanitizer/inf_gradient.py"


def test_the_op_that_makes_the_nan_is_reported_not_the_ones_that_spread_it(plain, sanitize):
    assert "mean nan" in plain(NAN).stdout  # the NaN is real

    run = sanitize("--nonfinite", NAN)

    assert run.returncode == 0 and "mean nan" in run.stdout
    [line] = run.finding_lines()
    assert line.startswith("tensorlens: samples/sanitizer/nan_from_log.py:12:8: TL501 `torch.log()` produced "
                           "non-finite values (nan=")
    assert "from finite inputs: `scores` = tensor[16] f32 cpu μ=" in line
    assert "created at samples/sanitizer/nan_from_log.py:10" in line


def test_an_infinite_gradient_is_reported_at_its_forward_op(plain, sanitize):
    assert "grad [inf," in plain(INF_GRAD).stdout

    run = sanitize("--nonfinite", INF_GRAD)

    [line] = run.finding_lines()
    assert line.startswith("tensorlens: samples/sanitizer/inf_gradient.py:14:8: TL501 backward node `SqrtBackward0` "
                           "(the backward of the op at samples/sanitizer/inf_gradient.py:14) produced a non-finite "
                           "gradient (inf=1 of 3 elements) from finite incoming gradients")


def test_without_the_option_nothing_is_checked(sanitize):
    assert sanitize(NAN).finding_lines() == []


def test_json_names_the_runtime_rule(json_report):
    run, findings = json_report("--nonfinite", NAN)
    assert [(f["code"], f["name"], f["severity"], f["line"]) for f in findings] == [
        ("TL501", "nonfinite-value", "error", 12)]

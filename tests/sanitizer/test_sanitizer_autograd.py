"""TL101, TL103 and TL104 at run time: in-place on a leaf, backward twice, a growing graph."""

from __future__ import annotations

import ast

LEAF = "samples/sanitizer/inplace_on_leaf.py"
TWICE = "samples/sanitizer/backward_twice.py"
ACCUMULATION = "samples/sanitizer/loss_accumulation.py"


def test_inplace_on_a_leaf_names_the_leaf_and_where_it_was_made(plain, sanitize):
    proof = plain(LEAF)
    assert "a leaf Variable that requires grad is being used in an in-place operation" in proof.stderr

    run = sanitize(LEAF)

    [line] = run.finding_lines("TL101")
    assert line.startswith(f"tensorlens: {LEAF}:13:1: TL101 in-place")
    assert "`weights` (tensor[4] f32 cpu requires_grad leaf" in line
    assert f"created at {LEAF}:7" in line  # inside init_weights(), not at the write
    assert run.stderr.index("TL101") < run.stderr.index("Traceback")
    assert run.returncode == 1


def test_a_write_through_a_view_of_a_leaf_is_reported(plain, sanitize, tmp_path):
    script = tmp_path / "view_of_leaf.py"
    script.write_text(
        "import torch\n"
        "bias = torch.zeros(3, requires_grad=True)\n"
        "first = bias[0]\n"
        "first.add_(1.0)\n"
    )
    assert "a view of a leaf Variable" in plain(str(script)).stderr

    [line] = sanitize(str(script)).finding_lines("TL101")

    assert ":4:1: TL101" in line and "`bias`" in line and "through a view of it" in line


def test_second_backward_points_at_both_calls(plain, sanitize):
    assert "backward through the graph a second time" in plain(TWICE).stderr

    run = sanitize(TWICE)

    [line] = run.finding_lines("TL103")
    assert line.startswith(f"tensorlens: {TWICE}:12:1: TL103")
    assert f"already freed by the `.backward()` at {TWICE}:11" in line
    assert run.returncode == 1


def test_loss_accumulated_across_iterations_is_reported_once_with_a_count(plain, sanitize, json_report):
    proof = plain(ACCUMULATION)
    depths = ast.literal_eval(proof.stdout.split(":", 1)[1].strip())
    assert depths == sorted(depths) and depths[0] < depths[-1]  # the graph really grows

    run = sanitize(ACCUMULATION)
    [line] = run.finding_lines("TL104")
    assert f"{ACCUMULATION}:25:5: TL104" in line
    assert "`total_loss`" in line and "`loss.item()`" in line
    assert run.stdout == proof.stdout

    _run, findings = json_report(ACCUMULATION)
    [finding] = findings
    assert finding["code"] == "TL104" and finding["severity"] == "warning"
    assert finding["message"].endswith("(seen 4 times)")  # 5 steps: 4 carried over a backward()


def test_backward_after_autograd_grad_names_the_grad_call(plain, sanitize, tmp_path):
    script = tmp_path / "grad_then_backward.py"
    script.write_text(
        "import torch\n"
        "w = torch.ones(3, requires_grad=True)\n"
        "loss = (w.exp() * 2).sum()\n"
        "(grad,) = torch.autograd.grad(loss, [w])\n"
        "loss.backward()\n"
    )
    assert "backward through the graph a second time" in plain(str(script)).stderr

    [line] = sanitize(str(script)).finding_lines("TL103")

    assert ":5:1: TL103" in line
    assert "already freed by the `torch.autograd.grad()` at" in line and "grad_then_backward.py:4" in line

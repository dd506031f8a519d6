"""TL401-TL408 at run time: a shape error PyTorch raises, explained with every operand's shape and origin.

Each program is a shape error as users reported it; each test first runs it
without the sanitizer to show PyTorch raising that very error, then under
`tensorlens run`, where the finding must name the user's line, the operands
with the lines that made them, and the layer's contract.
"""

from __future__ import annotations

import pytest

PROGRAMS = "tests/sanitizer/shape_programs"

# program, PyTorch's message, code, user line, texts the finding must hold
CASES = [
    ("conv_flatten_linear", "mat1 and mat2 shapes cannot be multiplied (2x1568 and 1050x10)", "TL401", 18, [
        "`self.out` (Linear) expects input[..., 1050] (in_features=1050), got tensor[2, 1568]",
        "`x` (tensor[2, 1568] f32 cpu grad_fn=ViewBackward0, made by `.view()` at {p}:17, "
        "from a tensor created at {p}:23)",
        "`self.out.weight` (parameter[10, 1050] f32 cpu requires_grad leaf, created at {p}:12)",
    ]),
    ("lenet_view", "shape '[-1, 400]' is invalid for input of size 1024", "TL405", 19, [
        "`.view()` raised a shape error",
        "`x` (tensor[4, 16, 4, 4] f32 cpu grad_fn=MaxPool2DWithIndicesBackward0, made by `F.max_pool2d()` at {p}:18",
    ]),
    ("cross_entropy_batch", "Expected input batch_size (32) to match target batch_size (16)", "TL407", 13, [
        "`F.cross_entropy()` raised a shape error",
        "`logits` (tensor[32, 64] f32 cpu grad_fn=AddmmBackward0, made by `F.linear()` at {p}:12",
        "`labels` (tensor[16] i64 cpu, created at {p}:7)",
    ]),
    ("cat_batches", "Sizes of tensors must match except in dimension 1", "TL403", 6, [
        "`image_features` (tensor[32, 512] f32 cpu, created at {p}:4)",
        "`text_features` (tensor[20, 256] f32 cpu, created at {p}:5)",
    ]),
    ("matmul_transposed", "mat1 and mat2 shapes cannot be multiplied (8x64 and 8x64)", "TL402", 6, [
        "`@` raised a shape error",
        "`queries` (tensor[8, 64] f32 cpu, created at {p}:4), `keys` (tensor[8, 64] f32 cpu, created at {p}:5)",
    ]),
    ("grayscale_conv", "expected input[4, 1, 64, 64] to have 3 channels, but got 1 channels", "TL406", 7, [
        "`stem.0` (Conv2d) expects input[N, 3, _, _] or [3, _, _] (in_channels=3), got tensor[4, 1, 64, 64]",
        "`batch` (tensor[4, 1, 64, 64] f32 cpu, created at {p}:6)",
        "`stem.0.weight` (parameter[64, 3, 7, 7] f32 cpu requires_grad leaf, created at {p}:5)",
    ]),
    # raised by nn.LSTM's own Python check, which no torch op sees: explained from the traceback
    ("lstm_features", "input.size(-1) must be equal to input_size. Expected 10, got 1", "TL408", 13, [
        "`LSTM` raised a shape error",
        "`self.lstm` (LSTM) expects input[L, N, 10] or [L, 10] (input_size=10, batch_first=False), "
        "got tensor[10, 1, 1]",
        "`x` (tensor[10, 1, 1] f32 cpu, made by `.reshape()` at {p}:18, from a tensor created at {p}:18)",
    ]),
]


@pytest.mark.parametrize(("program", "error", "code", "line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_shape_error_names_the_line_operands_and_origins(plain, sanitize, program, error, code, line, expected):
    path = f"{PROGRAMS}/{program}.py"
    baseline = plain(path)
    assert baseline.returncode == 1 and error in baseline.stderr

    run = sanitize(path)

    [finding] = run.finding_lines()
    assert finding.startswith(f"tensorlens: {path}:{line}:")
    assert f" {code} " in finding and error in finding
    for text in expected:
        assert text.format(p=path) in finding
    # the program's own error still ends it, after the finding
    assert run.returncode == 1 and error in run.stderr
    assert run.stderr.index(code) < run.stderr.index("Traceback")


def test_the_json_report_carries_the_operands_as_data(json_report):
    path = f"{PROGRAMS}/conv_flatten_linear.py"
    run, findings = json_report(path)

    assert run.returncode == 1
    [finding] = findings
    assert (finding["code"], finding["name"], finding["line"]) == ("TL401", "linear-input-mismatch", 18)
    details = finding["details"]
    assert details["error"] == "mat1 and mat2 shapes cannot be multiplied (2x1568 and 1050x10)"
    assert details["module"] == {"name": "self.out", "type": "Linear",
                                 "expects": "expects input[..., 1050] (in_features=1050), got tensor[2, 1568]"}
    first = details["operands"][0]
    assert first == {"name": "x", "shape": [2, 1568], "dtype": "torch.float32", "device": "cpu",
                     "origin": f"made by `.view()` at {path}:17, from a tensor created at {path}:23"}


def test_an_error_that_is_not_about_shapes_gets_no_shape_finding(sanitize, tmp_path):
    script = tmp_path / "index_error.py"
    script.write_text("import torch\n\ntable = torch.nn.Embedding(10, 3)\ntable(torch.tensor([11]))\n")

    run = sanitize(str(script))

    assert run.returncode == 1 and "index out of range" in run.stderr
    assert run.finding_lines() == []


def test_a_shape_error_the_program_catches_is_not_a_finding(sanitize, tmp_path):
    script = tmp_path / "caught.py"
    script.write_text(
        "import torch\n\n"
        "for size in (3, 4):\n"
        "    try:\n"
        "        torch.ones(2, 3) + torch.ones(2, size)\n"
        "    except RuntimeError:\n"
        "        print('fallback')\n")

    run = sanitize(str(script))

    assert run.returncode == 0 and run.stdout == "fallback\n"
    assert run.finding_lines() == []


def test_a_shape_error_re_raised_as_another_error_keeps_its_operands(sanitize, tmp_path):
    script = tmp_path / "wrapped.py"
    script.write_text(
        "import torch\n\n"
        "weights = torch.ones(2, 3)\n"
        "try:\n"
        "    weights + torch.ones(2, 4)\n"
        "except RuntimeError as exc:\n"
        "    raise ValueError('bad batch') from exc\n")

    run = sanitize(str(script))

    assert run.returncode == 1 and "ValueError: bad batch" in run.stderr
    [finding] = run.finding_lines("TL404")
    assert ":5:" in finding and f"`weights` (tensor[2, 3] f32 cpu, created at {script}:3)" in finding

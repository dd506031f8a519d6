"""The corpus harness itself: the CUDA rewrite, case validation, the proofs and the scorer's tally."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cuda_rewrite import rewrite_cuda
from harness import CaseError, Marker, family_of, load_case, proof_problems
from score import Finding, Score, _tally, check_folder

CASE_TOML = """\
source = "https://discuss.pytorch.org/t/example/1"
title = "Expected all tensors to be on the same device"
kind = "forum"
entry = "train.py"
rules = ["TL201"]
proof = "raises"
error = "Expected all tensors to be on the same device"
device = "meta"
notes = "a harness test"
"""

BUG = """\
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = nn.Linear(4, 2).to(device)
inputs = torch.randn(3, 4)
outputs = model(inputs)  # expect: TL201
"""

FIXED = BUG.replace("torch.randn(3, 4)", "torch.randn(3, 4).to(device)").replace("  # expect: TL201", "")


def write_case(root: Path, bug: str = BUG, fixed: str = FIXED, toml: str = CASE_TOML, family: str = "device") -> Path:
    folder = root / "cases" / family / "forum-example"
    for side, text in (("bug", bug), ("fixed", fixed)):
        (folder / side).mkdir(parents=True)
        (folder / side / "train.py").write_text(text)
    (folder / "case.toml").write_text(toml)
    return folder


@pytest.mark.parametrize("source, target, expected", [
    ('d = torch.device("cuda" if torch.cuda.is_available() else "cpu")', "meta",
     'd = torch.device("meta" if True else "cpu")'),
    ("x = x.cuda()", "cpu", 'x = x.to("cpu")'),
    ("x = x.cuda(args.gpu,\n    non_blocking=True)", "meta", 'x = x.to("meta")'),
    ("d = 'cuda:1'", "meta", 'd = "meta"'),
    ('d = f"cuda:{rank}"', "meta", 'd = "meta"'),
    ('d = "cudax"  # "cuda" .cuda()', "meta", 'd = "cudax"  # "cuda" .cuda()'),
    ("if args.cuda: n = torch.cuda.device_count()", "meta", "if args.cuda: n = 1"),
    ("torch.cuda.synchronize()", "meta", "torch.cuda.synchronize()"),
])
def test_rewrite_cuda(source, target, expected):
    assert rewrite_cuda(source, target) == expected


def test_a_valid_case_loads_with_its_markers(tmp_path):
    case = load_case(write_case(tmp_path))
    assert (case.name, case.entry, case.rules, case.device) == ("device/forum-example", "train.py", ("TL201",), "meta")
    assert case.markers == frozenset({Marker("train.py", 7, "TL201")})


@pytest.mark.parametrize("change, complaint", [
    (lambda f: (f / "case.toml").write_text(CASE_TOML.replace('kind = "forum"\n', "")), "lacks `kind`"),
    (lambda f: (f / "case.toml").write_text(CASE_TOML + 'colour = "red"\n'), "unknown key `colour`"),
    (lambda f: (f / "case.toml").write_text(CASE_TOML.replace('["TL201"]', '["TL202"]')), "must equal the codes"),
    (lambda f: (f / "case.toml").write_text(CASE_TOML.replace("https://", "")), "https://"),
    (lambda f: (f / "fixed" / "train.py").write_text(BUG), "fixed/train.py:7 carries an expect marker"),
    (lambda f: (f / "fixed" / "model.py").write_text(""), "same Python files"),
    (lambda f: (f / "case.toml").write_text(CASE_TOML.replace("train.py", "main.py")), "entry 'main.py'"),
])
def test_a_broken_case_is_refused_with_the_reason(tmp_path, change, complaint):
    folder = write_case(tmp_path)
    change(folder)
    with pytest.raises(CaseError, match="device/forum-example: .*" + complaint.replace("(", r"\(")):
        load_case(folder)


def test_a_case_must_label_its_own_family(tmp_path):
    with pytest.raises(CaseError, match="must name at least one numpy code"):
        load_case(write_case(tmp_path, family="numpy"))


def test_a_real_device_bug_is_proven_on_meta(tmp_path):
    assert proof_problems(load_case(write_case(tmp_path))) == []


def test_a_fixed_twin_that_fails_is_reported(tmp_path):
    broken_fix = FIXED + "raise SystemExit(3)\n"
    problems = proof_problems(load_case(write_case(tmp_path, fixed=broken_fix)))
    assert len(problems) == 1 and problems[0].startswith("fixed/train.py (CUDA as cpu) exited 3")


def test_a_bug_that_does_not_raise_on_cpu_is_reported(tmp_path):
    toml = CASE_TOML.replace('device = "meta"', 'device = "cpu"')
    problems = proof_problems(load_case(write_case(tmp_path, toml=toml)))
    assert len(problems) == 1 and "exited 0: the bug did not show" in problems[0]


def test_a_bug_with_another_error_is_reported(tmp_path):
    bug = BUG.replace("outputs = model", "outputs = undefined_name + model")
    problems = proof_problems(load_case(write_case(tmp_path, bug=bug)))
    assert len(problems) == 1 and "does not match `error`" in problems[0] and "NameError" in problems[0]


def test_check_folder_reports_findings_relative_to_the_folder(tmp_path):
    case = load_case(write_case(tmp_path))
    findings = check_folder(case.bug_dir, case.name, "bug")
    assert ("train.py", 7, "TL201") in {(f.file, f.line, f.code) for f in findings}


def test_tally_counts_hits_misses_and_both_kinds_of_false_positive(tmp_path):
    case = load_case(write_case(tmp_path))
    score = Score(cases=[case])
    _tally(score, case, "bug", [Finding(case.name, "bug", "train.py", 7, "TL201", ""),
                                Finding(case.name, "bug", "train.py", 5, "TL202", "")])
    _tally(score, case, "fixed", [Finding(case.name, "fixed", "train.py", 7, "TL201", "")])
    tl201, tl202 = score.by_rule["TL201"], score.by_rule["TL202"]
    counts = (tl201.expected, tl201.true_positives, tl201.false_positives_bug, tl201.false_positives_fixed)
    assert counts == (1, 1, 0, 1)
    assert (tl202.expected, tl202.false_positives_bug, tl202.precision, tl202.recall) == (0, 1, 0.0, None)
    device = score.by_family()["device"]
    assert (device.expected, device.true_positives, device.false_positives, device.precision) == (1, 1, 2, 1 / 3)


def test_a_negative_case_may_have_identical_twins_and_no_marker(tmp_path):
    clean = BUG.replace("  # expect: TL201", "").replace("torch.randn(3, 4)", "torch.randn(3, 4).to(device)")
    toml = CASE_TOML.replace('proof = "raises"\nerror = "Expected all tensors to be on the same device"\n',
                             'proof = "symptom"\nnegative = true\n')
    folder = write_case(tmp_path, bug=clean, fixed=clean, toml=toml)
    (folder / "symptom.py").write_text("")
    case = load_case(folder)
    assert case.negative and case.markers == frozenset()
    (folder / "bug" / "train.py").write_text(BUG)
    with pytest.raises(CaseError, match="a negative case has no `# expect:` marker"):
        load_case(folder)


def test_family_of_codes():
    assert [family_of(c) for c in ("TL101", "TL110", "TL204", "TL302", "TL403", "TL000")] == \
        ["autograd", "silent", "device", "numpy", "shapes", None]

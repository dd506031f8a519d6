"""The ecosystem check's own machinery: finding keys, the baseline, review stubs, the pinned list.

The downloads themselves need the network and run only under ``make ecosystem``; these
tests run the real ``tensorlens check`` on small trees written here.
"""

import tomllib
from ecosystem_cases import HERE
from ecosystem_check.baseline import BaselineEntry, compare, load_baseline, toml_string
from ecosystem_check.findings import FindingKey, check_project
from ecosystem_check.projects import load_projects, pip_download_command
from ecosystem_check.review import review

LEAF_WRITE = "import torch\nfrom torch import nn\n\np = nn.Parameter(torch.zeros(3))\np.add_(1)\n"


def write_tree(root, text):
    (root / "pkg").mkdir(parents=True, exist_ok=True)
    (root / "pkg" / "model.py").write_text(text)
    return root


def test_a_finding_keeps_its_key_when_unrelated_lines_move(tmp_path):
    before = check_project(write_tree(tmp_path / "a", LEAF_WRITE))
    moved = ("import math\nimport torch\nfrom torch import nn\n\n\ndef unused():\n    return 1\n\n\n"
             "p = nn.Parameter(torch.zeros(3))\nif p.numel():\n    p.add_(1)\n")  # new lines above, re-indented
    after = check_project(write_tree(tmp_path / "b", moved))
    key = FindingKey("pkg/model.py", "TL101", "p.add_(1)", 0, 0)
    assert set(before.findings) == {key}
    assert set(after.findings) == {key}
    assert (before.findings[key]["line"], after.findings[key]["line"]) == (5, 12)


def test_identical_lines_get_their_rank_in_the_file(tmp_path):
    check = check_project(write_tree(tmp_path, LEAF_WRITE + "p.add_(1)\n"))
    assert {(k.occurrence, k.rank) for k in check.findings if k.code == "TL101"} == {(0, 0), (1, 0)}
    assert check.files == 1 and check.lines == 6


def test_comparison_sorts_new_vanished_and_fixed_findings():
    kept_true, kept_false, gone_true, gone_false, stub, fresh = (
        FindingKey("m.py", "TL101", f"line {n}", 0, 0) for n in range(6))
    baseline = {
        kept_true: BaselineEntry(kept_true, "true", "real"),
        kept_false: BaselineEntry(kept_false, "false", "noise"),
        gone_true: BaselineEntry(gone_true, "true", "real"),
        gone_false: BaselineEntry(gone_false, "false", "noise"),
        stub: BaselineEntry(stub, "unreviewed", ""),
    }
    diff = compare({kept_true, kept_false, stub, fresh}, baseline)
    assert diff.new == [stub, fresh]
    assert [e.key for e in diff.vanished_true] == [gone_true]
    assert [e.key for e in diff.fixed] == [gone_false]
    assert [e.key for e in diff.found_true] == [kept_true] and [e.key for e in diff.found_false] == [kept_false]
    assert diff.failed
    assert not compare({kept_true, kept_false}, {k: v for k, v in baseline.items() if k != gone_true
                                                 and k != stub}).failed


def test_review_appends_one_stub_per_new_finding_and_shows_its_code(tmp_path):
    tree = write_tree(tmp_path / "src", LEAF_WRITE)
    check = check_project(tree)
    baseline_folder = tmp_path / "baseline"
    baseline_folder.mkdir()
    shown = review("demo", tree, list(check.findings), check.findings, baseline_folder)
    assert ">     5 | p.add_(1)" in shown and "     4 | p = nn.Parameter(torch.zeros(3))" in shown
    review("demo", tree, list(check.findings), check.findings, baseline_folder)  # a second review adds nothing
    entries = load_baseline(baseline_folder / "demo.toml")
    assert [(e.key, e.verdict) for e in entries.values()] == [(k, "unreviewed") for k in check.findings]


def test_toml_strings_round_trip_through_the_baseline_format():
    text = 'x["a\\\\b"]\t= "é" + \x7f'
    assert tomllib.loads(f"text = {toml_string(text)}")["text"] == text


def test_committed_baselines_are_reviewed_and_belong_to_pinned_projects():
    projects = {p.name for p in load_projects(HERE / "projects.toml")}
    assert len(projects) >= 20
    for path in sorted((HERE / "baseline").glob("*.toml")):
        assert path.stem in projects, f"{path.name}: not a project of projects.toml"
        entries = load_baseline(path)
        assert entries, f"{path.name}: an empty baseline file should be deleted"
        assert [e.key for e in entries.values() if not e.reviewed] == [], f"{path.name}: unreviewed stubs"


def test_pip_is_asked_for_exactly_the_pinned_distribution():
    projects = {p.name: p for p in load_projects(HERE / "projects.toml")}
    sdist = pip_download_command(projects["timm"], HERE)
    assert "timm==1.0.31" in sdist and sdist[sdist.index("--no-binary") + 1] == "timm" and "--no-deps" in sdist
    wheel = pip_download_command(projects["torchvision"], HERE)
    assert wheel[wheel.index("--platform") + 1] == "manylinux_2_28_x86_64" and "--only-binary" in wheel

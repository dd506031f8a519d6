"""Output formats: SARIF 2.1.0 (validated against the OASIS schema), GitHub workflow commands, statistics, quiet."""

import json
from pathlib import Path

import jsonschema
import pytest
from check_helpers import LEAF_BUG, run_tensorlens, write

from tensorlens.catalogue import CATALOGUE
from tensorlens.report.github import escape_data, escape_property, render_github
from tensorlens.report.sarif import sarif_log
from tensorlens.results import DirectiveWarning, Finding, Fix, Related, Span, TextEdit

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json").read_text())
NUMPY_BUG = "import numpy as np\nimport torch\na = np.zeros(3)\nt = torch.from_numpy(a)\na += 1\nprint(t)\n"
WARNING_SOURCE = "x = 1  # tensorlens: ignore[TL999]\n"


def validate(log):
    jsonschema.Draft4Validator(SCHEMA).validate(log)


@pytest.fixture()
def project(tmp_path):
    return write(tmp_path, {"pkg/leaf.py": LEAF_BUG, "pkg/shared.py": NUMPY_BUG, "pkg/warn.py": WARNING_SOURCE,
                            "pkg/broken.py": "def f(:\n", "pkg/sp ace.py": LEAF_BUG})


def test_sarif_is_valid_and_complete(project):
    result = run_tensorlens("check", "pkg", "--format", "sarif", cwd=project)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "TensorLens" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == list(CATALOGUE)
    for rule in driver["rules"]:
        info = CATALOGUE[rule["id"]]
        assert rule["name"] == info.name and rule["helpUri"] == info.help_uri
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] == info.severity.value
    tl201 = next(r for r in driver["rules"] if r["id"] == "TL201")
    assert tl201["fullDescription"]["text"].startswith("Flags one op") and "## Example" in tl201["help"]["markdown"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    by_uri = {}
    for item in run["results"]:
        assert driver["rules"][item["ruleIndex"]]["id"] == item["ruleId"]
        location = item["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        by_uri.setdefault(location["artifactLocation"]["uri"], []).append(item)
    assert sorted(by_uri) == ["pkg/broken.py", "pkg/leaf.py", "pkg/shared.py", "pkg/sp%20ace.py"]
    [leaf] = by_uri["pkg/leaf.py"]
    assert leaf["ruleId"] == "TL101" and leaf["level"] == "error" and "leaf tensor" in leaf["message"]["text"]
    assert leaf["locations"][0]["physicalLocation"]["region"] == \
        {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 10}
    [shared] = by_uri["pkg/shared.py"]
    assert shared["level"] == "warning"
    related = shared["relatedLocations"]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 4 and related[0]["message"]["text"]
    assert [r["id"] for r in related] == list(range(1, len(related) + 1))
    assert shared["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "tensor"}
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolConfigurationNotifications"]
    assert note["level"] == "warning" and "TL999" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pkg/warn.py"


def test_sarif_when_clean_and_with_absolute_paths(tmp_path):
    write(tmp_path, {"clean.py": "x = 1\n", "bug.py": LEAF_BUG})
    clean = run_tensorlens("check", tmp_path / "clean.py", "--format", "sarif")
    assert clean.returncode == 0
    log = json.loads(clean.stdout)
    validate(log)
    assert log["runs"][0]["results"] == []
    bug = json.loads(run_tensorlens("check", tmp_path / "bug.py", "--format", "sarif").stdout)
    artifact = bug["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (tmp_path / "bug.py").as_uri()}


def test_sarif_fixes_internal_errors_and_every_field_unit():
    span = Span(2, 3, 4, 5)
    fix = Fix("wrap in no_grad", False, (TextEdit(Span(2, 1, 2, 1), "with torch.no_grad():\n"),
                                        TextEdit(span, "x")))
    finding = Finding("a b/c.py", span, "TL101", "msg", (Related(Span(1, 1, 1, 4), "created here"),), fix)
    log = sarif_log([finding], [("a b/c.py", DirectiveWarning(7, 8, "bad"))], ["x.py: internal error in rule TL101"],
                    cwd="/tmp")
    validate(log)
    [result] = log["runs"][0]["results"]
    [change] = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "a%20b/c.py"
    assert change["replacements"][0] == {"deletedRegion": {"startLine": 2, "startColumn": 1, "endLine": 2,
                                                           "endColumn": 1},
                                         "insertedContent": {"text": "with torch.no_grad():\n"}}
    assert "unsafe" in result["fixes"][0]["description"]["text"]
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("x.py: internal error")


def test_sarif_structure_without_the_schema():
    """Every property SARIF 2.1.0 requires, checked by hand (the schema test above covers the rest)."""
    finding = Finding("a.py", Span(1, 1, 1, 2), "TL201", "m")
    log = sarif_log([finding])
    assert {"version", "runs"} <= set(log)
    run = log["runs"][0]
    assert "driver" in run["tool"] and "name" in run["tool"]["driver"]
    for rule in run["tool"]["driver"]["rules"]:
        assert "id" in rule
    for result in run["results"]:
        assert "message" in result and "text" in result["message"]
    for invocation in run["invocations"]:
        assert "executionSuccessful" in invocation


def test_github_annotations(project):
    result = run_tensorlens("check", "pkg", "--format", "github", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=pkg/broken.py,line=1,col=")
    leaf = next(line for line in lines if "pkg/leaf.py" in line)
    assert leaf.startswith("::error file=pkg/leaf.py,line=3,col=1,title=TL101::in-place `add_()` on `w`")
    shared = next(line for line in lines if "pkg/shared.py" in line)
    assert shared.startswith("::warning file=pkg/shared.py,line=5,") and "title=TL301::" in shared
    assert lines[-1].startswith("::warning file=pkg/warn.py,line=1,col=8,title=tensorlens suppression comment::")
    assert all(line.startswith("::") for line in lines)
    assert "Found" not in result.stdout


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    finding = Finding("dir,x/a:b.py", Span(1, 2, 3, 4), "TL101", "line one\nline two: 50%")
    assert render_github([finding]) == (
        "::error file=dir%2Cx/a%3Ab.py,line=1,col=2,title=TL101::line one%0Aline two: 50%25\n")


def test_statistics_text_and_json(project):
    text = run_tensorlens("check", "pkg", "--statistics", cwd=project)
    assert text.returncode == 1
    assert [line.split() for line in text.stdout.splitlines()] == [
        ["2", "TL101", "inplace-on-leaf"], ["1", "TL000", "syntax-error"], ["1", "TL301", "numpy-shared-mutation"]]
    data = json.loads(run_tensorlens("check", "pkg", "--statistics", "--format", "json", cwd=project).stdout)
    assert data[0] == {"code": "TL101", "name": "inplace-on-leaf", "severity": "error", "count": 2}
    assert run_tensorlens("check", "pkg", "--statistics", "--exit-zero", cwd=project).returncode == 0


def test_statistics_with_sarif_is_a_usage_error(project):
    result = run_tensorlens("check", "pkg", "--statistics", "--format", "sarif", cwd=project)
    assert result.returncode == 2 and result.stderr.strip() == \
        "tensorlens: error: --statistics prints text or json, not sarif"


def test_quiet_prints_findings_only(project):
    quiet = run_tensorlens("check", "pkg", "--quiet", cwd=project)
    assert quiet.returncode == 1
    assert all(": TL" in line for line in quiet.stdout.splitlines()) and len(quiet.stdout.splitlines()) == 4
    clean = run_tensorlens("check", "pkg/warn.py", "-q", cwd=project)
    assert clean.returncode == 0 and clean.stdout == ""
    # a problem with a suppression comment is still said on stderr
    assert "warning: unknown rule code 'TL999'" in clean.stderr


def test_json_schema_is_unchanged_by_suppressions_and_warnings(project):
    result = run_tensorlens("check", "pkg", "--format", "json", cwd=project)
    data = json.loads(result.stdout)
    assert {item["path"] for item in data} == {"pkg/broken.py", "pkg/leaf.py", "pkg/shared.py", "pkg/sp ace.py"}
    assert all(set(item) == {"path", "line", "column", "end_line", "end_column", "code", "name", "severity",
                             "message", "fix"} for item in data)
    assert "pkg/warn.py:1:8: warning:" in result.stderr

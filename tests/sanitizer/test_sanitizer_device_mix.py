"""TL201 at run time: an op about to mix devices, reported before PyTorch's own error.

`meta` stands in for cuda: these samples raise PyTorch's device error on
meta exactly where they would on a GPU, which each test checks first.
"""

from __future__ import annotations

import json

from tensorlens.catalogue import documentation_url

OTHER_MODULE = "samples/sanitizer/device_mix_other_module.py"
MODEL_MOVED = "samples/sanitizer/device_mix_model_moved.py"
DEVICE_ERRORS = ("is not on the expected device", "Expected all tensors to be on the same device")


def _raises_device_error(run) -> bool:
    return run.returncode == 1 and any(text in run.stderr for text in DEVICE_ERRORS)


def test_a_tensor_made_in_another_module_is_traced_to_its_line(plain, sanitize):
    assert _raises_device_error(plain(OTHER_MODULE))

    run = sanitize(OTHER_MODULE)

    [line] = run.finding_lines("TL201")
    assert line.startswith(f"tensorlens: {OTHER_MODULE}:17:")
    assert "mixes meta and cpu" in line
    assert "`logits`" in line and "`labels`" in line
    # where `labels` came from is only visible at run time: the other module's line
    assert "created at samples/sanitizer/batches.py:8" in line
    # reported before PyTorch's error, which then ends the program as usual
    assert run.stderr.index("TL201") < run.stderr.index("Traceback")
    assert _raises_device_error(run)


def test_a_model_moved_at_run_time_names_the_parameter_and_the_move(plain, sanitize):
    assert _raises_device_error(plain(MODEL_MOVED, "meta"))

    run = sanitize(MODEL_MOVED, "meta")

    [line] = run.finding_lines("TL201")
    assert f"{MODEL_MOVED}:20:" in line
    assert f"`inputs` (tensor[8, 16] f32 cpu, created at {MODEL_MOVED}:19)" in line
    assert "`model.0.weight` (parameter[32, 16] f32 meta" in line
    assert f"moved to meta at {MODEL_MOVED}:16" in line


def test_the_same_script_on_one_device_is_clean(sanitize):
    run = sanitize(MODEL_MOVED, "cpu")  # and its CPU scalar tensor mixes in, as allowed

    assert run.returncode == 0
    assert run.finding_lines() == []
    assert "no findings" in run.stderr
    assert run.stdout == "forward done (8, 4)\n"


def test_fail_fast_stops_the_program_at_the_finding(sanitize):
    run = sanitize("--fail-fast", MODEL_MOVED, "meta")

    assert run.returncode == 1
    assert len(run.finding_lines("TL201")) == 1
    assert "stopped by --fail-fast" in run.stderr
    assert "Traceback" not in run.stderr  # PyTorch never got to raise
    assert run.stdout == ""


def test_json_report_uses_the_check_finding_shape(json_report):
    run, findings = json_report(MODEL_MOVED, "meta")

    assert run.returncode == 1  # the program's own crash, preserved
    [finding] = findings
    assert set(finding) == {"path", "line", "column", "end_line", "end_column", "code", "name",
                            "severity", "message", "fix"}
    assert finding["path"] == MODEL_MOVED
    assert (finding["line"], finding["end_line"]) == (20, 20)
    assert finding["column"] < finding["end_column"]
    assert (finding["code"], finding["name"], finding["severity"]) == ("TL201", "device-mismatch", "error")
    assert finding["fix"] is None
    assert run.finding_lines() == []  # no live text lines in json mode


def test_sarif_report_has_one_run_with_rule_metadata(sanitize, tmp_path):
    output = tmp_path / "run.sarif"
    sanitize("--format", "sarif", "--output", str(output), OTHER_MODULE)

    log = json.loads(output.read_text())
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    [rule] = run["tool"]["driver"]["rules"]
    assert rule["id"] == "TL201" and rule["name"] == "device-mismatch"
    assert rule["helpUri"] == f"{documentation_url()}/rules/TL201.md" and rule["fullDescription"]["text"]
    assert run["tool"]["driver"]["informationUri"] == documentation_url()
    [result] = run["results"]
    assert result["ruleId"] == "TL201" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 17
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == OTHER_MODULE
    assert result["occurrenceCount"] == 1

"""The textual pre-check never skips a file that holds a finding.

Every rule declares trigger substrings; the engine skips a file where none of
the enabled rules' triggers occur. Here every known-positive source (the rule
tests' cases and the samples) is analyzed without the pre-check, and each
finding's rule must have a trigger in that source.
"""

import importlib.util
import textwrap
from pathlib import Path

import pytest

from tensorlens.analysis.engine import analyze_source, may_hold_findings
from tensorlens.rules import rule_classes, select_rules

ROOT = Path(__file__).resolve().parents[2]


def _rule_test_sources():
    sources = []
    for test_file in sorted((ROOT / "tests" / "rules").glob("test_tl*.py")):
        spec = importlib.util.spec_from_file_location(f"_precheck_{test_file.stem}", test_file)
        module = importlib.util.module_from_spec(spec)
        import sys
        sys.path.insert(0, str(test_file.parent))
        try:
            spec.loader.exec_module(module)
        finally:
            sys.path.remove(str(test_file.parent))
        prelude = textwrap.dedent(getattr(module, "PRELUDE", ""))
        for table in ("POSITIVE", "NEGATIVE"):
            for name, case in getattr(module, table, {}).items():
                source = case[0] if isinstance(case, tuple) else case
                sources.append((f"{test_file.stem}:{name}", prelude + "\n" + textwrap.dedent(source)))
    return sources


def _sample_sources():
    return [(str(p.relative_to(ROOT)), p.read_text()) for p in sorted((ROOT / "samples").rglob("*.py"))]


CASES = _rule_test_sources() + _sample_sources()


@pytest.mark.parametrize("name, source", CASES, ids=[name for name, _ in CASES])
def test_every_finding_has_a_trigger_in_its_source(name, source):
    result = analyze_source(source, name, select_rules(), precheck=False)
    classes = rule_classes()
    for finding in result.findings:
        if finding.code == "TL000":
            continue
        rule = classes[finding.code]
        assert may_hold_findings(source, [rule]), f"{finding.code} fired without a trigger in {name}"


def test_precheck_skips_a_file_without_triggers():
    result = analyze_source("import os\nprint(os.getcwd())\n", "plain.py", select_rules())
    assert result.skipped and result.findings == []


def test_skipped_file_still_reports_syntax_errors():
    result = analyze_source("def broken(:\n    pass\n", "broken.py", select_rules())
    assert result.skipped
    assert [f.code for f in result.findings] == ["TL000"]

"""Every rule's fixture, case by case: each marked line gets exactly its finding, no other line gets one.

The fixtures are tests/rules/fixtures/TLnnn.py (format: fixture_cases.py). The
per-rule test modules run the same cases with torch to prove them.
"""

from collections import Counter

import pytest
from fixture_cases import fixture_cases, fixture_codes

from tensorlens.analysis.engine import analyze_source
from tensorlens.catalogue import CATALOGUE
from tensorlens.rules import rule_classes, select_rules

CASES = [(code, name) for code in fixture_codes() for name in fixture_cases(code).cases]


@pytest.mark.parametrize("code, name", CASES, ids=[f"{code}-{name}" for code, name in CASES])
def test_findings_are_exactly_the_marked_lines(code, name):
    fixture = fixture_cases(code)
    case = fixture.cases[name]
    result = analyze_source(fixture.source_of(case), fixture.path.name, select_rules())
    assert not result.internal_errors, result.internal_errors
    checked = fixture.checked_codes()
    found = Counter((finding.span.line, finding.code) for finding in result.findings if finding.code in checked)
    assert found == case.expected(), "\n".join(f"{finding.span.line}: {finding.code} {finding.message}"
                                               for finding in result.findings)


def test_every_rule_has_a_fixture_with_bad_and_good_cases():
    assert fixture_codes() == list(rule_classes())
    for code in fixture_codes():
        fixture = fixture_cases(code)
        assert fixture.bad and fixture.good, code


@pytest.mark.parametrize("code", fixture_codes())
def test_markers_name_the_catalogue_severity(code):
    for case in fixture_cases(code).cases.values():
        for marker in case.markers:
            assert marker.code in CATALOGUE, (case.name, marker)
            assert marker.severity == CATALOGUE[marker.code].severity.value, (case.name, marker)


def test_a_case_is_analyzed_alone_on_the_fixture_lines():
    fixture = fixture_cases("TL102")
    case = fixture.cases["out-of-place"]
    source = fixture.source_of(case).splitlines()
    assert len(source) == len(fixture.lines)
    assert [line for line in source if line.startswith("# case:")] == []
    assert source[case.first - 1:case.last] == list(fixture.lines[case.first - 1:case.last])
    assert "gate = gate * 0.5" in case.body and "gate.mul_(0.5)" not in "\n".join(source)

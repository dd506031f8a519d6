"""False-positive classes met in the ecosystem check, each reduced from the real file.

Every case is correct PyTorch code: the first test runs it under torch to prove it, the
second checks that TensorLens reports exactly the lines marked ``# expect:`` for the
case's rule (none, for most), or, for a ``message-excludes`` case, that no finding of the
rule gives the excluded advice. A case the engine still gets wrong is a strict xfail:
whoever fixes the engine removes its ``# xfail:`` line.
"""

import runpy
from collections import Counter

import pytest
from ecosystem_cases import findings_by_file, load_cases

CASES = load_cases("regressions")


def with_xfail(case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, marks=marks, id=case.name)


@pytest.fixture(scope="module")
def findings():
    return findings_by_file(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_regression_case_is_correct_pytorch(case):
    runpy.run_path(str(case.path), run_name="__main__")


@pytest.mark.parametrize("case", [with_xfail(c) for c in CASES])
def test_regression_case_has_no_false_positive(case, findings):
    of_rule = [f for f in findings[case.path] if f["code"] == case.code]
    if case.message_excludes:
        advising = [f"{f['line']}: {f['message']}" for f in of_rule if case.message_excludes in f["message"]]
        assert advising == [], f"{case.code} advises {case.message_excludes!r}"
    else:
        assert Counter(f["line"] for f in of_rule) == case.expected_lines(case.code)

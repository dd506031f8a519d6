"""Real bugs TensorLens misses, met in the ecosystem check or in issue 15's survey.

Each case marks the finding it should get with ``# expect: TLnnn``. The first test proves
the bug with torch (the ``# raises:`` exception, or the file's own asserts showing the write
going around autograd); the second checks every marked line carries its finding, and is a
strict xfail while the engine misses it.
"""

import runpy
from collections import Counter

import pytest
from ecosystem_cases import findings_by_file, load_cases

CASES = load_cases("misses")


def with_xfail(case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, marks=marks, id=case.name)


@pytest.fixture(scope="module")
def findings():
    return findings_by_file(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_miss_case_is_a_real_bug(case):
    expected = case.exception()
    if expected is None:
        runpy.run_path(str(case.path), run_name="__main__")
    else:
        with pytest.raises(expected):
            runpy.run_path(str(case.path), run_name="__main__")


@pytest.mark.parametrize("case", [with_xfail(c) for c in CASES])
def test_miss_case_is_found(case, findings):
    found = Counter((f["line"], f["code"]) for f in findings[case.path])
    missing = {mark: n for mark, n in case.expected.items() if found[mark] < n}
    assert missing == {}, f"no finding at (line, code): {sorted(missing)}"

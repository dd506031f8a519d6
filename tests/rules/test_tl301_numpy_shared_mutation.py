"""TL301 numpy-shared-mutation: every positive case also shows the other side really changed."""

import pytest
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL301")
PRELUDE = CASES.prelude

# Each positive: (snippet, an expression over its namespace that is True when the write leaked through).
PROOF = {
    "from-numpy-augmented": "seen == [2.0, 2.0, 2.0]",
    "from-numpy-subscript": "seen == 28.0",
    "numpy-then-tensor-write": "seen == [1.0, 1.0, 1.0]",
    "asarray-of-tensor": "seen == [5.0, 5.0]",
    "as-tensor": "seen == [0.0, 2.0, 4.0]",
    "copyto": "seen == 3.0",
    "fill-method": "seen == [0.0, 0.0, 0.0]",
    "inside-function": "seen == [0.0, 0.0]",
    "write-in-loop-read-next-iteration": "seen == [0.0, 2.0, 4.0]",
    "array-element-write": "seen == 5.0",
    "imported-name": "seen == [3.0, 1.0]",
    "tensor-zero-read-array": "seen == [0.0, 0.0, 0.0]",
    "out-keyword-on-array": "seen == [2.0, 2.0]",
}
POSITIVE = {name: (source, PROOF[name]) for name, source in CASES.bad.items()}

NEGATIVE = CASES.good


@pytest.mark.parametrize("source, leaked", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_the_other_side_changes(source, leaked):
    found = findings(program(PRELUDE, source), "TL301")
    assert len(found) == 1, found
    assert "shares memory" in found[0].message
    namespace = run_torch(program(PRELUDE, source))
    assert eval(leaked, namespace), namespace.get("seen")


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding(source):
    assert findings(program(PRELUDE, source), "TL301") == []
    run_torch(program(PRELUDE, source))


def test_reported_at_the_write_with_alias_and_read_lines():
    source = program(PRELUDE, """
        a = np.ones(3)
        t = torch.from_numpy(a)
        a[0] = 5
        print(t)
    """)
    [finding] = findings(source, "TL301")
    assert (finding.span.line, finding.span.column) == (5, 1)
    assert "torch.from_numpy(a) at line 4" in finding.message and "line 6" in finding.message
    assert [r.span.line for r in finding.related] == [4, 6]

"""TL301 numpy-shared-mutation: every positive case also shows the other side really changed."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import numpy as np
import torch
"""

# Each positive: (snippet, an expression over its namespace that is True when the write leaked through).
POSITIVE = {
    "from-numpy-augmented": ("""
        a = np.ones(3)
        t = torch.from_numpy(a)
        a += 1
        seen = t.tolist()
    """, "seen == [2.0, 2.0, 2.0]"),
    "from-numpy-subscript": ("""
        a = np.zeros(4)
        t = torch.from_numpy(a)
        a[...] = 7
        seen = t.sum().item()
    """, "seen == 28.0"),
    "numpy-then-tensor-write": ("""
        t = torch.zeros(3)
        n = t.numpy()
        t.add_(1)
        seen = n.tolist()
    """, "seen == [1.0, 1.0, 1.0]"),
    "asarray-of-tensor": ("""
        t = torch.zeros(2)
        n = np.asarray(t)
        n += 5
        seen = t.tolist()
    """, "seen == [5.0, 5.0]"),
    "as-tensor": ("""
        a = np.arange(3.0)
        t = torch.as_tensor(a)
        a *= 2
        seen = t.tolist()
    """, "seen == [0.0, 2.0, 4.0]"),
    "copyto": ("""
        a = np.zeros(3)
        t = torch.from_numpy(a)
        np.copyto(a, np.ones(3))
        seen = float(t.sum())
    """, "seen == 3.0"),
    "fill-method": ("""
        a = np.ones(3)
        t = torch.from_numpy(a)
        a.fill(0)
        seen = t.tolist()
    """, "seen == [0.0, 0.0, 0.0]"),
    "inside-function": ("""
        def load():
            data = np.ones(2)
            features = torch.from_numpy(data)
            data -= 1
            return features.tolist()

        seen = load()
    """, "seen == [0.0, 0.0]"),
    "write-in-loop-read-next-iteration": ("""
        a = np.zeros(2)
        t = torch.from_numpy(a)
        seen = []
        for step in range(3):
            seen.append(t.sum().item())
            a += 1
    """, "seen == [0.0, 2.0, 4.0]"),
    "array-element-write": ("""
        t = torch.zeros(3)
        n = t.numpy()
        n[0] = 5
        seen = t[0].item()
    """, "seen == 5.0"),
    "imported-name": ("""
        from torch import from_numpy
        a = np.ones(2)
        t = from_numpy(a)
        a[0] = 3
        seen = t.tolist()
    """, "seen == [3.0, 1.0]"),
    "tensor-zero-read-array": ("""
        a = np.ones(3)
        t = torch.from_numpy(a)
        t.zero_()
        seen = a.tolist()
    """, "seen == [0.0, 0.0, 0.0]"),
    "out-keyword-on-array": ("""
        a = np.ones(2)
        t = torch.from_numpy(a)
        np.add(a, 1, out=a)
        seen = t.tolist()
    """, "seen == [2.0, 2.0]"),
}

NEGATIVE = {
    "matmul-assign-rebinds": """
        t = torch.ones(2, 2)
        a = t.numpy()
        t @= torch.eye(2) * 2
        assert a[0, 0] == 1.0
    """,
    "asarray-with-another-dtype-copies": """
        t = torch.ones(3)
        n = np.asarray(t, dtype=np.float64)
        n += 1
        assert float(t[0]) == 1.0
    """,
    "torch-tensor-copies": """
        a = np.ones(3)
        t = torch.tensor(a)
        a += 1
        seen = t.tolist()
    """,
    "np-array-copies": """
        t = torch.zeros(3)
        n = np.array(t)
        n += 1
        seen = t.tolist()
    """,
    "rebinding-breaks-alias": """
        a = np.ones(3)
        t = torch.from_numpy(a)
        a = a + 1
        seen = t.tolist()
    """,
    "clone": """
        a = np.ones(3)
        t = torch.from_numpy(a).clone()
        a += 1
        seen = t.tolist()
    """,
    "write-never-observed": """
        a = np.ones(3)
        t = torch.from_numpy(a)
        a += 1
    """,
    "read-before-write": """
        a = np.ones(3)
        t = torch.from_numpy(a)
        seen = t.tolist()
        a += 1
    """,
    "numpy-copy": """
        t = torch.zeros(3)
        n = t.numpy().copy()
        t.add_(1)
        seen = n.tolist()
    """,
    "as-tensor-with-dtype": """
        a = np.ones(3)
        t = torch.as_tensor(a, dtype=torch.float32)
        a += 1
        seen = t.tolist()
    """,
    "same-side-read": """
        a = np.ones(3)
        t = torch.from_numpy(a)
        a += 1
        seen = a.tolist()
    """,
    "out-of-place-tensor": """
        a = np.ones(3)
        t = torch.from_numpy(a)
        t = t + 1
        seen = a.tolist()
    """,
    "array-rebound-before-write": """
        a = np.ones(3)
        t = torch.from_numpy(a)
        a = np.zeros(3)
        a += 1
        seen = t.tolist()
    """,
    "from-numpy-of-copy": """
        a = np.ones(3)
        t = torch.from_numpy(a.copy())
        a += 1
        seen = t.tolist()
    """,
    "tensor-rebound": """
        a = np.ones(3)
        t = torch.from_numpy(a)
        t = torch.zeros(3)
        a += 1
        seen = t.tolist()
    """,
}


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

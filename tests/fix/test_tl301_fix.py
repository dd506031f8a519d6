"""TL301 fixes (unsafe, they cost a copy): copy where the sharing is made."""

import pytest
from fixcheck import check_fix, check_no_fix, run_torch

CASES = {
    "from-numpy": ("""
        import numpy as np
        import torch

        a = np.ones(3)
        t = torch.from_numpy(a)  # shares a's memory
        a += 1
        seen = t.tolist()
    """, """
        import numpy as np
        import torch

        a = np.ones(3)
        t = torch.tensor(a)  # shares a's memory
        a += 1
        seen = t.tolist()
    """, [1.0, 1.0, 1.0]),
    "as-tensor-with-alias": ("""
        import numpy as np
        import torch as T

        a = np.arange(3.0)
        t = T.as_tensor(a)
        a *= 2
        seen = t.tolist()
    """, """
        import numpy as np
        import torch as T

        a = np.arange(3.0)
        t = T.tensor(a)
        a *= 2
        seen = t.tolist()
    """, [0.0, 1.0, 2.0]),
    "numpy-of-tensor": ("""
        import torch

        t = torch.zeros(3)
        n = t.numpy()
        t.add_(1)
        seen = n.tolist()
    """, """
        import torch

        t = torch.zeros(3)
        n = t.numpy().copy()
        t.add_(1)
        seen = n.tolist()
    """, [0.0, 0.0, 0.0]),
    "two-writes-one-alias": ("""
        import numpy as np
        import torch

        a = np.zeros(2)
        t = torch.from_numpy(a)
        a[0] = 1
        first = t.tolist()
        a[1] = 2
        seen = t.tolist()
    """, """
        import numpy as np
        import torch

        a = np.zeros(2)
        t = torch.tensor(a)
        a[0] = 1
        first = t.tolist()
        a[1] = 2
        seen = t.tolist()
    """, [0.0, 0.0]),
}


@pytest.mark.parametrize("case", CASES)
def test_fix_is_unsafe_and_copies(case):
    before, after, _ = CASES[case]
    check_fix(before, after, "TL301", unsafe=True)


@pytest.mark.parametrize("case", CASES)
def test_fixed_code_no_longer_sees_the_write(case):
    before, after, expected = CASES[case]
    assert run_torch(before)["seen"] != expected
    assert run_torch(after)["seen"] == expected


@pytest.mark.parametrize("source", [
    """
        from torch import from_numpy
        import numpy as np
        a = np.ones(2)
        t = from_numpy(a)
        a[0] = 3
        seen = t.tolist()
    """,
    """
        import numpy as np
        import torch
        t = torch.zeros(2)
        n = np.asarray(t)
        n += 5
        seen = t.tolist()
    """,
])
def test_no_fix_where_the_copy_cannot_be_spelt(source):
    check_no_fix(source, "TL301")

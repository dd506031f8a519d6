"""TL106: a `.data` read becomes `.detach()` (unsafe: autograd then checks the tensor's version)."""

import pytest
from fixcheck import check_fix, check_no_fix, run_torch

READ = ("""
    import torch
    import torch.nn as nn

    critic = nn.Linear(4, 1)
    snapshot = critic.weight.data  # for logging
""", """
    import torch
    import torch.nn as nn

    critic = nn.Linear(4, 1)
    snapshot = critic.weight.detach()  # for logging
""")


def test_read_becomes_detach():
    check_fix(*READ, "TL106", unsafe=True)


def test_fixed_read_shares_memory_without_history():
    namespace = run_torch(READ[1])
    snapshot, weight = namespace["snapshot"], namespace["critic"].weight
    assert snapshot.data_ptr() == weight.data_ptr() and not snapshot.requires_grad


@pytest.mark.parametrize("source", [
    """
        import torch
        p = torch.nn.Parameter(torch.ones(2))
        p.data.clamp_(-0.01, 0.01)
    """,
    """
        import torch
        p = torch.nn.Parameter(torch.ones(2))
        p.data += 1
    """,
    """
        import torch
        p = torch.nn.Parameter(torch.ones(2))
        p.data[0] = 1
    """,
    """
        import torch
        p = torch.nn.Parameter(torch.ones(2))
        p.data = torch.zeros(2)
    """,
])
def test_writes_through_data_get_no_fix(source):
    check_no_fix(source, "TL106")

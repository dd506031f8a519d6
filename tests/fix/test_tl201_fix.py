"""TL201: the CPU side moves to the other's device, `x.to(other.device)` (unsafe: which side moves is a choice)."""

import pytest
from fixcheck import as_meta, check_fix, check_no_fix, run_torch

CASES = {
    "a-batch-into-a-moved-module": ("""
        import torch
        import torch.nn as nn

        model = nn.Linear(10, 2).to("cuda")
        x = torch.randn(8, 10)
        out = model(x)
    """, """
        import torch
        import torch.nn as nn

        model = nn.Linear(10, 2).to("cuda")
        x = torch.randn(8, 10)
        out = model(x.to(next(model.parameters()).device))
    """),
    "two-tensors": ("""
        import torch

        a = torch.ones(3).cuda()
        b = torch.ones(3)
        c = a + b
    """, """
        import torch

        a = torch.ones(3).cuda()
        b = torch.ones(3)
        c = a + b.to(a.device)
    """),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_cpu_side_moves_and_the_program_runs(name):
    before, after = CASES[name]
    check_fix(before, after, "TL201", unsafe=True)
    with pytest.raises(RuntimeError):
        run_torch(as_meta(before))
    run_torch(as_meta(after))  # the fixed program runs, as it would on a GPU


def test_no_fix_where_the_cpu_side_is_not_one_expression():
    check_no_fix("""
        import torch

        a = torch.ones(3).cuda()
        c = a + torch.ones(3) * 2
    """, "TL201")

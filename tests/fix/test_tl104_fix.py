"""TL104: accumulate a number (`.item()`) or a detached tensor, not the graph (safe)."""

import pytest
from fixcheck import check_fix, run_torch

PRELUDE = """
    import torch
    import torch.nn as nn

    torch.manual_seed(0)
    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
"""

CASES = {
    "scalar-loss-item": ("""
        total = 0.0
        for step in range(3):
            optimizer.zero_grad()
            loss = model(torch.ones(2, 4)).pow(2).mean()
            loss.backward()
            optimizer.step()
            total += loss  # running loss
    """, """
        total = 0.0
        for step in range(3):
            optimizer.zero_grad()
            loss = model(torch.ones(2, 4)).pow(2).mean()
            loss.backward()
            optimizer.step()
            total += loss.item()  # running loss
    """),
    "non-scalar-detach": ("""
        total = torch.zeros(2, 1)
        for step in range(3):
            optimizer.zero_grad()
            out = model(torch.ones(2, 4))
            out.sum().backward()
            optimizer.step()
            total = total + out
    """, """
        total = torch.zeros(2, 1)
        for step in range(3):
            optimizer.zero_grad()
            out = model(torch.ones(2, 4))
            out.sum().backward()
            optimizer.step()
            total = total + out.detach()
    """),
    "expression-gets-parentheses": ("""
        total = 0.0
        for step in range(3):
            optimizer.zero_grad()
            a = model(torch.ones(2, 4)).mean()
            b = model(torch.zeros(2, 4)).mean()
            (a + b).backward()
            optimizer.step()
            total += a * 2
    """, """
        total = 0.0
        for step in range(3):
            optimizer.zero_grad()
            a = model(torch.ones(2, 4)).mean()
            b = model(torch.zeros(2, 4)).mean()
            (a + b).backward()
            optimizer.step()
            total += (a * 2).item()
    """),
}


def program(body: str) -> str:
    import textwrap

    return textwrap.dedent(PRELUDE).strip("\n") + "\n" + textwrap.dedent(body)


@pytest.mark.parametrize("case", CASES)
def test_fix(case):
    before, after = (program(text) for text in CASES[case])
    check_fix(before, after, "TL104")


@pytest.mark.parametrize("case", CASES)
def test_fixed_total_carries_no_graph(case):
    before, after = (program(text) for text in CASES[case])
    old, new = run_torch(before)["total"], run_torch(after)["total"]
    assert old.grad_fn is not None
    assert getattr(new, "grad_fn", None) is None
    assert abs(float(old.detach().sum()) - float(new.sum() if hasattr(new, "sum") else new)) < 1e-5

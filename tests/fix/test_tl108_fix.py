"""TL108: the misspelt name becomes `requires_grad` (safe) where that is what PyTorch reads."""

import pytest
from fixcheck import check_fix, check_no_fix, run_torch

CASES = {
    "attribute-store": ("""
        import torch

        temperature = torch.ones(1)
        temperature.requires_grads = True  # learnable
        flag = temperature.requires_grad
    """, """
        import torch

        temperature = torch.ones(1)
        temperature.requires_grad = True  # learnable
        flag = temperature.requires_grad
    """),
    "method-overwritten": ("""
        import torch

        bias = torch.zeros(3)
        bias.requires_grad_ = True
        flag = bias.requires_grad
    """, """
        import torch

        bias = torch.zeros(3)
        bias.requires_grad = True
        flag = bias.requires_grad
    """),
    "factory-keyword": ("""
        import torch

        w = torch.zeros(3, require_grad=True)
        flag = w.requires_grad
    """, """
        import torch

        w = torch.zeros(3, requires_grad=True)
        flag = w.requires_grad
    """),
}


@pytest.mark.parametrize("case", CASES)
def test_fix(case):
    check_fix(*CASES[case], "TL108")


@pytest.mark.parametrize("case", CASES)
def test_fixed_tensor_requires_grad(case):
    before, after = CASES[case]
    try:
        assert run_torch(before)["flag"] is False
    except TypeError:
        assert case == "factory-keyword"  # torch.zeros rejects the unknown keyword
    assert run_torch(after)["flag"] is True


def test_no_fix_for_a_module_where_the_attribute_is_not_the_switch():
    check_no_fix("""
        import torch

        model = torch.nn.Linear(2, 2)
        model.requires_grads = False
    """, "TL108")

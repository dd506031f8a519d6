"""TL202: a discarded `t.to(...)` keeps its result, `t = t.to(...)` (safe)."""

import pytest
from fixcheck import as_meta, check_fix, check_no_fix, run_torch

CASES = {
    "to-device": ("""
        import torch

        batch = torch.randn(8, 10)
        batch.to("cuda")  # move it
        where = batch.device.type
    """, """
        import torch

        batch = torch.randn(8, 10)
        batch = batch.to("cuda")  # move it
        where = batch.device.type
    """),
    "dtype-method-on-a-dict-entry": ("""
        import torch

        inputs = {"x": torch.ones(2)}
        inputs["x"].double()
        kind = inputs["x"].dtype
    """, """
        import torch

        inputs = {"x": torch.ones(2)}
        inputs["x"] = inputs["x"].double()
        kind = inputs["x"].dtype
    """),
    "attribute-in-a-method": ("""
        import torch

        class Holder:
            def __init__(self):
                self.t = torch.ones(2)
                self.t.cuda()
                self.where = self.t.device.type
    """, """
        import torch

        class Holder:
            def __init__(self):
                self.t = torch.ones(2)
                self.t = self.t.cuda()
                self.where = self.t.device.type
    """),
}


@pytest.mark.parametrize("case", CASES)
def test_fix(case):
    check_fix(*CASES[case], "TL202")


def test_fixed_code_moves_the_tensor():
    before, after = CASES["to-device"]
    assert run_torch(as_meta(before))["where"] == "cpu"
    assert run_torch(as_meta(after))["where"] == "meta"
    before, after = CASES["dtype-method-on-a-dict-entry"]
    assert str(run_torch(before)["kind"]) == "torch.float32"
    assert str(run_torch(after)["kind"]) == "torch.float64"


@pytest.mark.parametrize("source", [
    """
        import torch
        (torch.ones(2) * 2).to("cuda")
    """,
    """
        import torch
        t = torch.ones(2)
        (t.to("cuda"))
    """,
])
def test_no_fix_without_a_name_to_keep_the_result_in(source):
    check_no_fix(source, "TL202")

"""TL204: a factory in forward() gets `device=<input>.device` (safe when the input is forward's parameter)."""

import pytest
import torch
from fixcheck import check_fix, check_no_fix, run_torch

CASES = {
    "arange": ("""
        import torch
        import torch.nn as nn


        class PositionalEncoding(nn.Module):
            def __init__(self, width: int):
                super().__init__()
                self.proj = nn.Linear(width, width)

            def forward(self, x):
                positions = torch.arange(x.shape[1]).unsqueeze(-1)
                return self.proj(x) + positions
    """, """
        import torch
        import torch.nn as nn


        class PositionalEncoding(nn.Module):
            def __init__(self, width: int):
                super().__init__()
                self.proj = nn.Linear(width, width)

            def forward(self, x):
                positions = torch.arange(x.shape[1], device=x.device).unsqueeze(-1)
                return self.proj(x) + positions
    """),
    "keywords-and-trailing-comma": ("""
        import torch
        import torch.nn as nn


        class Masked(nn.Module):
            def forward(self, inputs):
                mask = torch.ones(
                    inputs.shape[0],
                    dtype=torch.bool,
                )
                return inputs * mask
    """, """
        import torch
        import torch.nn as nn


        class Masked(nn.Module):
            def forward(self, inputs):
                mask = torch.ones(
                    inputs.shape[0],
                    dtype=torch.bool, device=inputs.device,
                )
                return inputs * mask
    """),
}


@pytest.mark.parametrize("case", CASES)
def test_fix(case):
    check_fix(*CASES[case], "TL204")


def test_fixed_module_runs_on_the_meta_device():
    before, after = CASES["arange"]
    for source, fails in ((before, True), (after, False)):
        module = run_torch(source)["PositionalEncoding"](4).to("meta")
        x = torch.ones(2, 3, 4, device="meta")
        if fails:
            with pytest.raises((RuntimeError, NotImplementedError)):
                module(x)
        else:
            assert module(x).device.type == "meta"


def test_no_fix_when_forward_rebinds_its_input_first():
    check_no_fix("""
        import torch
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = nn.Linear(4, 4)

            def forward(self, x):
                x = x.cpu()
                h = self.proj(x)
                return h + torch.ones(4)
    """, "TL204")

"""TL204 factory-without-device: every positive module, moved to meta, raises when called on a meta input."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
"""

RUN_ON_META = """
module = Model().to("meta")
module(torch.ones(2, 4, device="meta"))
"""

NOT_ON_META = "is not on the expected device|same device"

POSITIVE = {
    "positional-encoding": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = nn.Linear(4, 4)

            def forward(self, x):
                positions = torch.arange(x.shape[1]).unsqueeze(0)
                return self.proj(x) + positions
    """,
    "combined-with-the-input": """
        class Model(nn.Module):
            def forward(self, x):
                return x + torch.zeros(4)
    """,
    "mask-for-scores": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.q = nn.Linear(4, 4)

            def forward(self, x):
                scores = self.q(x) @ x.transpose(0, 1)
                mask = torch.ones(2, 2).triu(1).bool()
                return scores.masked_fill(mask, 0.0)
    """,
    "fed-to-a-submodule": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)

            def forward(self, x):
                noise = torch.randn(2, 4)
                return self.fc(noise) * x
    """,
    "tensor-from-a-list": """
        class Model(nn.Module):
            def forward(self, x):
                weights = torch.tensor([1.0, 2.0, 3.0, 4.0])
                return x * weights
    """,
    "concatenated": """
        class Model(nn.Module):
            def forward(self, x):
                pad = torch.zeros(2, 1)
                return torch.cat([x, pad], dim=1)
    """,
    "import-alias": """
        import torch as T

        class Model(nn.Module):
            def forward(self, x):
                return x - T.full((4,), 0.5)
    """,
    "converted-before-use": """
        class Model(nn.Module):
            def forward(self, x):
                steps = torch.arange(4).float()
                return x * steps
    """,
    "with-a-buffer": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.register_buffer("scale", torch.ones(4))

            def forward(self, x):
                return x * (self.scale + torch.ones(4))
    """,
    "linspace": """
        class Model(nn.Module):
            def forward(self, x):
                return x * torch.linspace(0, 1, 4)
    """,
}

NEGATIVE = {
    "device-of-the-input": """
        class Model(nn.Module):
            def forward(self, x):
                return x + torch.zeros(4, device=x.device)
    """,
    "like-factory": """
        class Model(nn.Module):
            def forward(self, x):
                return x + torch.zeros_like(x)
    """,
    # 0-dim CPU tensors meet a tensor on any device, however they are made.
    "zero-dim-factories": """
        class Model(nn.Module):
            def forward(self, x):
                a = torch.zeros(())
                b = torch.ones([])
                c = torch.randn(())
                d = torch.full((), 2.0)
                e = torch.zeros(size=())
                f = torch.as_tensor(0.5)
                return x * a + b + c + d + e + f
    """,
    "zero-dim-from-sizes-and-views": """
        class Model(nn.Module):
            def forward(self, x):
                scale = torch.tensor(x.size(-1), dtype=torch.float32).sqrt()
                one = torch.ones(1).squeeze()
                first = torch.tensor([2.0])[0]
                return x / scale * one * first
    """,
    "zero-dim-scalar": """
        class Model(nn.Module):
            def forward(self, x):
                return x * torch.tensor(2.0)
    """,
    "moved-to-the-input": """
        class Model(nn.Module):
            def forward(self, x):
                offsets = torch.arange(4).to(x.device)
                return x + offsets
    """,
    "buffer-made-in-init": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.register_buffer("offsets", torch.arange(4.0))

            def forward(self, x):
                return x + self.offsets
    """,
    "new-zeros": """
        class Model(nn.Module):
            def forward(self, x):
                return x + x.new_zeros(4)
    """,
    "device-of-a-parameter": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)

            def forward(self, x):
                return self.fc(x) + torch.ones(4, device=self.fc.weight.device)
    """,
    "never-combined": """
        class Model(nn.Module):
            def forward(self, x):
                shape = torch.zeros(4).shape
                return x.reshape(2, *shape)
    """,
    "not-a-module": """
        class Model:
            def to(self, device):
                return self

            def __call__(self, x):
                return self.forward(x)

            def forward(self, x):
                return torch.zeros(4)
    """,
    "as-tensor-keeps-the-device": """
        class Model(nn.Module):
            def forward(self, x):
                return x + torch.as_tensor(x)
    """,
    "outside-forward": """
        class Model(nn.Module):
            def forward(self, x):
                return x * 2

            def describe(self, x):
                return x + torch.zeros(4)
    """,
}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_the_moved_module_fails(source):
    found = findings(program(PRELUDE, source), "TL204")
    assert len(found) == 1, found
    assert "device=" in found[0].message and "forward()" in found[0].message
    with pytest.raises(RuntimeError, match=NOT_ON_META):
        run_torch(program(PRELUDE, source, RUN_ON_META))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding_and_the_moved_module_runs(source):
    assert findings(program(PRELUDE, source), "TL204") == []
    run_torch(program(PRELUDE, source, RUN_ON_META))


def test_reports_the_factory_call_and_where_it_meets_the_module():
    [finding] = findings(program(PRELUDE, POSITIVE["positional-encoding"]), "TL204")
    assert (finding.span.line, finding.span.column) == (9, 21)
    assert finding.span.end_column == len("        positions = torch.arange(x.shape[1])") + 1
    assert "`torch.arange()`" in finding.message and "`self.proj(x)`" in finding.message
    assert "at line 10" in finding.message and finding.related[0].span.line == 10


def test_suggests_the_input_device_by_name():
    [finding] = findings(program(PRELUDE, POSITIVE["combined-with-the-input"]), "TL204")
    assert "`device=x.device`" in finding.message

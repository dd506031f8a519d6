"""TL106 data-attribute: `.data` on a tensor that requires grad; positives run without any error (that is the trap)."""

import pytest
import torch

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
"""

POSITIVE = {
    "clamp-parameters-through-data": """
        critic = nn.Linear(8, 1)
        for param in critic.parameters():
            param.data.clamp_(-0.01, 0.01)
    """,
    "snapshot-of-a-weight": """
        critic = nn.Linear(8, 1)
        snapshot = critic.weight.data
    """,
    "assign-data": """
        w = torch.randn(3, requires_grad=True)
        w.data = torch.zeros(3)
    """,
    "write-through-data": """
        w = torch.randn(3, requires_grad=True)
        w.data.add_(1)
    """,
    "parameter": """
        scale = nn.Parameter(torch.ones(2))
        scale.data.fill_(0.5)
    """,
    "computed-tensor": """
        w = torch.randn(3, requires_grad=True)
        h = w * 2
        values = h.data
    """,
    "still-flagged-under-no-grad": """
        w = torch.randn(3, requires_grad=True)
        with torch.no_grad():
            w.data.mul_(0.9)
    """,
    "import-alias": """
        import torch as T
        w = T.zeros(2, requires_grad=True)
        w.data.uniform_()
    """,
    "inside-a-function": """
        def init():
            w = torch.empty(4, requires_grad=True)
            w.data.normal_(0, 0.02)
            return w

        init()
    """,
    "module-reset-parameters": """
        class Layer(nn.Module):
            def __init__(self):
                super().__init__()
                self.weight = nn.Parameter(torch.empty(3, 3))
                self.reset_parameters()

            def reset_parameters(self):
                self.weight.data.normal_(0, 0.02)

        Layer()
    """,
    "manual-sgd": """
        model = nn.Linear(3, 1)
        model(torch.randn(2, 3)).sum().backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
    """,
}

NEGATIVE = {
    "plain-tensor": """
        x = torch.randn(3)
        x.data.add_(1)
    """,
    "detach": """
        w = torch.randn(3, requires_grad=True)
        snapshot = w.detach().clone()
    """,
    "dataset-data": """
        class Dataset:
            def __init__(self):
                self.data = [1, 2, 3]

        dataset = Dataset()
        first = dataset.data[0]
    """,
    "numpy-buffer": """
        import numpy as np
        a = np.ones(3)
        view = a.data
    """,
    "gradient-data": """
        model = nn.Linear(3, 1)
        model(torch.randn(2, 3)).sum().backward()
        for p in model.parameters():
            p.grad.data.zero_()
    """,
    "unknown-tensor": """
        def scale(t):
            t.data.mul_(2)
    """,
    "module-attribute-named-data": """
        class Holder(nn.Module):
            def __init__(self):
                super().__init__()
                self.data = [1, 2]

        holder = Holder()
        items = holder.data
    """,
    "requires-grad-turned-off": """
        w = torch.randn(3, requires_grad=True)
        w.requires_grad_(False)
        w.data.add_(1)
    """,
    "branches-disagree": """
        flag = False
        if flag:
            w = torch.randn(3, requires_grad=True)
        else:
            w = torch.randn(3)
        w.data.add_(1)
    """,
    "computed-under-no-grad": """
        w = torch.randn(3, requires_grad=True)
        with torch.no_grad():
            h = w * 2
        h.data.add_(1)
    """,
}

NOT_RUN = {"unknown-tensor"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_says_nothing(source):
    found = findings(program(PRELUDE, source), "TL106")
    assert len(found) == 1, found
    assert "`.data`" in found[0].message and "autograd" in found[0].message
    run_torch(program(PRELUDE, source))  # no error: the change is invisible to autograd


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL106") == []
    if name not in NOT_RUN:
        run_torch(source)


def test_a_write_through_data_silently_corrupts_the_gradient():
    """What TL106 warns about: the same write through the tensor raises; through .data it is wrong."""
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = torch.sigmoid(w)
    version = y._version
    y.data.mul_(2)
    assert y._version == version  # autograd's version check cannot see the write
    y.sum().backward()
    true = torch.sigmoid(w.detach()) * (1 - torch.sigmoid(w.detach()))
    assert not torch.allclose(w.grad, true)


def test_reports_the_data_use_and_where_grad_came_from():
    [finding] = findings(program(PRELUDE, POSITIVE["write-through-data"]), "TL106")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (4, 1, len("w.data") + 1)
    assert "`w`, a tensor that requires grad (requires_grad=True at line 3)" in finding.message
    assert "`w.detach()`" in finding.message


def test_assignment_is_described_as_a_write():
    [finding] = findings(program(PRELUDE, POSITIVE["assign-data"]), "TL106")
    assert finding.message.startswith("assigning `.data`") and "copy_" in finding.message

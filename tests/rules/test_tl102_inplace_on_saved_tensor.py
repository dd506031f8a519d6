"""TL102 inplace-on-saved-tensor: every positive case also raises PyTorch's RuntimeError at backward()."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
import torch.nn.functional as F
"""

MODIFIED = "modified by an inplace operation"

POSITIVE = {
    "sigmoid-output-mul_": """
        logits = torch.randn(8, 4, requires_grad=True)
        gate = torch.sigmoid(logits)
        gate.mul_(0.5)
        loss = gate.sum()
        loss.backward()
    """,
    "relu-output-augmented": """
        x = torch.randn(5, requires_grad=True)
        y = torch.relu(x)
        y += 1
        y.sum().backward()
    """,
    "exp-method-output-subscript": """
        x = torch.randn(3, requires_grad=True)
        y = x.exp()
        y[0] = 0.0
        (y * 2).sum().backward()
    """,
    "softmax-output-through-a-view": """
        x = torch.randn(4, requires_grad=True)
        p = F.softmax(x, dim=0)
        p[:2].zero_()
        p.sum().backward()
    """,
    "mul-input-that-needs-no-grad": """
        w = torch.randn(3, requires_grad=True)
        x = torch.randn(3)
        y = x * w
        x.add_(1)
        y.sum().backward()
    """,
    "matmul-input": """
        w = torch.randn(3, 2, requires_grad=True)
        x = torch.randn(4, 3)
        out = x @ w
        x.mul_(2)
        out.sum().backward()
    """,
    "linear-module-input": """
        lin = nn.Linear(3, 2)
        x = torch.randn(4, 3)
        out = lin(x)
        x.zero_()
        out.pow(2).mean().backward()
    """,
    "written-under-no-grad": """
        w = torch.randn(3, requires_grad=True)
        y = torch.tanh(w)
        with torch.no_grad():
            y.mul_(2)
        y.sum().backward()
    """,
    "written-through-detach": """
        w = torch.randn(3, requires_grad=True)
        y = w.sigmoid()
        y.detach().add_(1)
        y.sum().backward()
    """,
    "import-alias": """
        import torch as T
        w = T.randn(3, requires_grad=True)
        y = T.exp(w)
        y.clamp_(max=1.0)
        y.sum().backward()
    """,
    "inside-a-function": """
        def step():
            w = torch.randn(3, requires_grad=True)
            h = w * 1.0
            y = h ** 2
            h.add_(1)
            y.sum().backward()

        step()
    """,
    "nn-sigmoid-module-output": """
        act = nn.Sigmoid()
        w = torch.randn(3, requires_grad=True)
        y = act(w)
        y.add_(1)
        y.sum().backward()
    """,
    "functional-linear-input": """
        weight = torch.randn(2, 3, requires_grad=True)
        x = torch.randn(4, 3)
        out = F.linear(x, weight)
        x.mul_(2)
        out.sum().backward()
    """,
    "division-denominator": """
        w = torch.randn(3, requires_grad=True)
        x = torch.rand(3) + 1
        y = w / x
        x.add_(1)
        y.sum().backward()
    """,
    "autograd-grad-as-the-backward": """
        w = torch.randn(3, requires_grad=True)
        y = torch.log(w.abs() + 1)
        h = y * 1.0
        out = h.sqrt()
        out.mul_(3)
        torch.autograd.grad(out.sum(), w)
    """,
    "in-a-loop": """
        w = torch.randn(3, requires_grad=True)
        for step in range(2):
            y = w.tanh()
            y.mul_(2)
            y.sum().backward()
    """,
    "module-method": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(3, 3)

            def train_step(self, x):
                h = torch.tanh(self.fc(x))
                h += 1
                h.sum().backward()

        Model().train_step(torch.randn(2, 3))
    """,
    "mse-loss-target": """
        w = torch.randn(3, requires_grad=True)
        target = torch.randn(3)
        loss = F.mse_loss(w, target)
        target.add_(1)
        loss.backward()
    """,
}

NEGATIVE = {
    "matmul-assign-rebinds": """
        w = torch.randn(3, 3, requires_grad=True)
        h = torch.sigmoid(w)
        out = h.sum()
        h @= torch.eye(3)
        out.backward()
    """,
    "out-of-place": """
        logits = torch.randn(8, 4, requires_grad=True)
        gate = torch.sigmoid(logits)
        gate = gate * 0.5
        gate.sum().backward()
    """,
    "write-after-backward": """
        w = torch.randn(3, requires_grad=True)
        y = torch.tanh(w)
        y.sum().backward()
        y.add_(1)
    """,
    "add-saves-nothing": """
        w = torch.randn(3, requires_grad=True)
        x = torch.randn(3)
        y = x + w
        x.add_(1)
        y.sum().backward()
    """,
    "mul-saves-only-the-other-operand": """
        w = torch.randn(3, requires_grad=True)
        x = torch.randn(3)
        h = w + 0
        y = h * x
        h.add_(1)
        y.sum().backward()
    """,
    "write-through-data": """
        w = torch.randn(3, requires_grad=True)
        y = torch.sigmoid(w)
        y.data.mul_(2)
        y.sum().backward()
    """,
    "clone-then-write": """
        w = torch.randn(3, requires_grad=True)
        y = torch.sigmoid(w)
        z = y.clone()
        z.mul_(2)
        y.sum().backward()
    """,
    "backward-through-another-graph": """
        w = torch.randn(3, requires_grad=True)
        y = torch.sigmoid(w)
        y.mul_(2)
        (w * 2).sum().backward()
    """,
    "no-backward-at-all": """
        w = torch.randn(3, requires_grad=True)
        y = torch.exp(w)
        y.mul_(2)
    """,
    "computed-under-no-grad": """
        w = torch.randn(3, requires_grad=True)
        with torch.no_grad():
            y = torch.sigmoid(w)
        y.mul_(2)
        (w * y).sum().backward()
    """,
    "branches-disagree": """
        flag = False
        w = torch.randn(3, requires_grad=True)
        if flag:
            y = torch.sigmoid(w)
        else:
            y = w + 1
        y.mul_(2)
        y.sum().backward()
    """,
    "rebound-before-write": """
        w = torch.randn(3, requires_grad=True)
        y = torch.sigmoid(w)
        loss = y.sum()
        y = torch.zeros(3)
        y.add_(1)
        loss.backward()
    """,
    "no-grad-decorator": """
        w = torch.randn(3, requires_grad=True)

        @torch.no_grad()
        def squash(t):
            s = torch.sigmoid(t)
            s.mul_(2)
            return s

        squash(w)
        w.sum().backward()
    """,
    "inputs-not-known": """
        def step(a, b):
            y = a * b
            a.add_(1)
            y.sum().backward()
    """,
    "new-graph-each-iteration": """
        w = torch.randn(3, requires_grad=True)
        for step in range(2):
            y = torch.relu(w)
            y.sum().backward()
            y.add_(1)
    """,
    "item-is-a-number": """
        w = torch.randn(3, requires_grad=True)
        y = torch.exp(w)
        total = y.sum().item()
        total += 1
        y.sum().backward()
    """,
}

NOT_RUN = {"inputs-not-known"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL102")
    assert len(found) == 1, found
    assert "saved for backward" in found[0].message and "backward()" in found[0].message
    with pytest.raises(RuntimeError, match=MODIFIED):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL102") == []
    if name not in NOT_RUN:
        run_torch(source)


def test_reports_the_write_and_names_the_saving_op_and_the_backward():
    source = program(PRELUDE, POSITIVE["sigmoid-output-mul_"])
    [finding] = findings(source, "TL102")
    assert (finding.span.line, finding.span.column) == (6, 1)
    assert finding.span.end_column == len("gate.mul_(0.5)") + 1
    assert "`gate`" in finding.message and "`torch.sigmoid`" in finding.message
    assert "line 5" in finding.message and "`loss.backward()` at line 8" in finding.message
    assert [r.span.line for r in finding.related] == [5, 8]


def test_an_input_is_named_as_an_input():
    [finding] = findings(program(PRELUDE, POSITIVE["mul-input-that-needs-no-grad"]), "TL102")
    assert "`x`" in finding.message and "as an input" in finding.message and "`*`" in finding.message


def test_two_backwards_report_the_write_once():
    source = program(PRELUDE, """
        w = torch.randn(3, requires_grad=True)
        y = torch.tanh(w)
        y.mul_(2)
        y.sum().backward(retain_graph=True)
        y.sum().backward()
    """)
    assert len(findings(source, "TL102")) == 1

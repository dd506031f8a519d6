"""TL101 inplace-on-leaf: every positive case also raises PyTorch's RuntimeError."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
"""

POSITIVE = {
    "augmented-assign": """
        w = torch.randn(3, requires_grad=True)
        w += 1
    """,
    "method-add_": """
        w = torch.ones(3, requires_grad=True)
        w.add_(1)
    """,
    "subscript-assign": """
        w = torch.ones(3, requires_grad=True)
        w[0] = 0.0
    """,
    "zero_": """
        w = torch.ones(3, requires_grad=True)
        w.zero_()
    """,
    "out-keyword": """
        w = torch.ones(3, requires_grad=True)
        torch.mul(torch.ones(3), 2, out=w)
    """,
    "copy_": """
        w = torch.ones(3, requires_grad=True)
        w.copy_(torch.zeros(3))
    """,
    "nn-parameter": """
        p = nn.Parameter(torch.ones(3))
        p.mul_(2)
    """,
    "module-weight": """
        lin = nn.Linear(3, 2)
        lin.weight.fill_(0.0)
    """,
    "view-of-module-weight": """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2)

            def forward(self, x):
                return self.fc(x)

        model = Net()
        model.fc.weight[:, 0] = 0.0
    """,
    "manual-sgd-over-parameters": """
        model = nn.Linear(3, 1)
        loss = model(torch.randn(5, 3)).pow(2).mean()
        loss.backward()
        for p in model.parameters():
            p -= 0.1 * p.grad
    """,
    "view-method": """
        w = torch.ones(2, 2, requires_grad=True)
        w.view(-1).add_(1)
    """,
    "slice-view": """
        w = torch.ones(4, requires_grad=True)
        w[1:3].zero_()
    """,
    "import-alias": """
        import torch as T
        w = T.ones(2, requires_grad=True)
        w -= 1
    """,
    "inside-function": """
        def step():
            w = torch.ones(2, requires_grad=True)
            w *= 3

        step()
    """,
    "requires-grad-method": """
        x = torch.ones(3)
        x.requires_grad_()
        x.add_(1)
    """,
    "requires-grad-attribute": """
        x = torch.ones(3)
        x.requires_grad = True
        x += 1
    """,
    "forward-updates-own-parameter": """
        class Scale(nn.Module):
            def __init__(self):
                super().__init__()
                self.w = nn.Parameter(torch.ones(3))

            def forward(self, x):
                self.w.add_(1)
                return x * self.w

        Scale()(torch.ones(3))
    """,
    "named-parameters": """
        model = nn.Linear(2, 2)
        for name, p in model.named_parameters():
            p.add_(1)
    """,
    "enable-grad-inside-no-grad": """
        w = torch.ones(2, requires_grad=True)
        with torch.no_grad():
            with torch.enable_grad():
                w.add_(1)
    """,
}

NEGATIVE = {
    "matmul-assign-rebinds": """
        w = torch.randn(3, 3, requires_grad=True)
        w @= torch.eye(3)  # torch.Tensor has no __imatmul__: w = w @ eye
        w.sum().backward()
    """,
    "no-grad-context-in-a-variable": """
        lin = nn.Linear(3, 3)
        ctx = torch.no_grad()
        with ctx:
            lin.bias.fill_(1.0)
    """,
    "under-no-grad": """
        w = torch.ones(3, requires_grad=True)
        with torch.no_grad():
            w += 1
    """,
    "no-grad-decorator": """
        w = torch.ones(3, requires_grad=True)

        @torch.no_grad()
        def update():
            w.add_(1)

        update()
    """,
    "inference-mode": """
        model = nn.Linear(2, 2)
        with torch.inference_mode():
            for p in model.parameters():
                p.mul_(0.5)
    """,
    "set-grad-enabled-false": """
        w = torch.ones(3, requires_grad=True)
        torch.set_grad_enabled(False)
        w.zero_()
        torch.set_grad_enabled(True)
    """,
    "detached": """
        w = torch.ones(3, requires_grad=True)
        w.detach().add_(1)
    """,
    "clone-is-not-a-leaf": """
        w = torch.ones(3, requires_grad=True)
        c = w.clone()
        c += 1
    """,
    "requires-grad-false": """
        x = torch.ones(3, requires_grad=False)
        x += 1
    """,
    "plain-tensor": """
        x = torch.ones(3)
        x.add_(1)
        x[0] = 5
    """,
    "out-of-place-rebinding": """
        w = torch.ones(3, requires_grad=True)
        w = w + 1
    """,
    "data-attribute": """
        w = torch.ones(3, requires_grad=True)
        w.data.add_(1)
    """,
    "reassigned-before-write": """
        w = torch.ones(3, requires_grad=True)
        w = torch.zeros(3)
        w += 1
    """,
    "non-leaf-result": """
        w = torch.ones(3, requires_grad=True)
        y = w + 2
        y += 1
    """,
    "unknown-parameter": """
        def update(p, lr):
            p -= lr * 2
    """,
    "branches-disagree": """
        import random
        if random.random() > 2:
            x = torch.ones(3, requires_grad=True)
        else:
            x = torch.ones(3)
        x += 1
    """,
    "set-grad-enabled-context": """
        w = torch.ones(3, requires_grad=True)
        with torch.set_grad_enabled(False):
            w.mul_(2)
    """,
    "nn-init-uses-no-grad": """
        lin = nn.Linear(3, 2)
        nn.init.zeros_(lin.weight)
    """,
    "gradient-zeroing": """
        model = nn.Linear(2, 1)
        model(torch.ones(1, 2)).sum().backward()
        for p in model.parameters():
            p.grad.zero_()
    """,
    "frozen-backbone": """
        model = nn.Linear(3, 2)
        for p in model.parameters():
            p.requires_grad = False
        for p in model.parameters():
            p.mul_(0.5)
    """,
    "module-requires-grad-off": """
        model = nn.Linear(3, 2)
        model.requires_grad_(False)
        model.weight.zero_()
    """,
    "new-zeros-is-a-fresh-leaf": """
        w = torch.ones(3, requires_grad=True)
        buffer = w.new_zeros(3)
        buffer += 1
    """,
    "requires-grad-turned-off": """
        lin = nn.Linear(3, 2)
        lin.weight.requires_grad_(False)
        lin.weight.add_(1)
    """,
}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL101")
    assert len(found) == 1, found
    assert "requires grad" in found[0].message or "parameter" in found[0].message
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad|out=... arguments don't support"):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding_and_torch_agrees(source):
    assert findings(program(PRELUDE, source), "TL101") == []
    if "def update(p, lr)" not in source:
        run_torch(program(PRELUDE, source))


def test_reports_the_in_place_op_and_where_grad_was_learned():
    source = program(PRELUDE, """
        w = torch.randn(3, requires_grad=True)
        w.add_(1)
    """)
    [finding] = findings(source, "TL101")
    assert (finding.span.line, finding.span.column) == (4, 1)
    assert finding.span.end_column == len("w.add_(1)") + 1
    assert "`w`" in finding.message and "line 3" in finding.message
    assert finding.related and finding.related[0].span.line == 3

"""TL107 nonleaf-grad: every positive case is run; PyTorch warns and `.grad` is None."""

import warnings

import pytest

from snippets import as_meta, findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
"""

NOT_A_LEAF = "is not a leaf Tensor"

# Each positive case stores the `.grad` it reads in `seen`.
POSITIVE = {
    "intermediate-activation": """
        x = torch.randn(4, 3, requires_grad=True)
        hidden = x * 2
        hidden.sum().backward()
        seen = hidden.grad
    """,
    "leaf-moved-to-the-gpu": """
        w = torch.randn(3, requires_grad=True).cuda()
        seen = w.grad
    """,
    "model-output": """
        model = nn.Linear(3, 2)
        out = model(torch.randn(4, 3))
        out.sum().backward()
        seen = out.grad
    """,
    "view-of-a-leaf": """
        w = torch.randn(4, requires_grad=True)
        first = w[0]
        (first * 2).backward()
        seen = first.grad
    """,
    "loss-grad": """
        w = torch.randn(3, requires_grad=True)
        loss = (w ** 2).sum()
        loss.backward()
        seen = loss.grad
    """,
    "inside-a-function": """
        def probe():
            w = torch.randn(3, requires_grad=True)
            h = torch.tanh(w)
            h.sum().backward()
            return h.grad

        seen = probe()
    """,
    "module-method": """
        class Probe(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(3, 3)

            def activation_grad(self, x):
                h = self.fc(x)
                h.sum().backward()
                return h.grad

        seen = Probe().activation_grad(torch.randn(2, 3))
    """,
    "import-alias": """
        import torch as T
        w = T.ones(2, requires_grad=True)
        z = w.exp()
        z.sum().backward()
        seen = z.grad
    """,
    "in-a-loop": """
        w = torch.randn(3, requires_grad=True)
        for step in range(2):
            h = w * step
            h.sum().backward()
            seen = h.grad
    """,
    "device-moved-with-to": """
        w = torch.zeros(3, requires_grad=True).to("cuda")
        seen = w.grad
    """,
}

NEGATIVE = {
    "same-dtype-conversion-keeps-the-leaf": """
        w = torch.tensor([1.0, 2.0], requires_grad=True).float()
        (w * w).sum().backward()
        assert w.grad is not None
    """,
    "retain-grad": """
        x = torch.randn(4, 3, requires_grad=True)
        hidden = x * 2
        hidden.retain_grad()
        hidden.sum().backward()
        seen = hidden.grad
    """,
    "leaf": """
        w = torch.randn(3, requires_grad=True)
        (w * 2).sum().backward()
        seen = w.grad
    """,
    "parameter": """
        model = nn.Linear(3, 2)
        model(torch.randn(4, 3)).sum().backward()
        seen = model.weight.grad
    """,
    "grad-assignment": """
        w = torch.randn(3, requires_grad=True)
        h = w * 2
        h.grad = None
    """,
    "detached": """
        w = torch.randn(3, requires_grad=True)
        d = (w * 2).detach()
        seen = d.grad
    """,
    "unknown-tensor": """
        def grad_of(t):
            return t.grad
    """,
    "moved-to-where-it-is": """
        w = torch.randn(3, requires_grad=True).to("cpu")
        (w * 2).sum().backward()
        seen = w.grad
    """,
    "moved-to-an-unknown-device": """
        def make(device):
            w = torch.randn(3, requires_grad=True).to(device)
            return w.grad

        seen = make("cpu")
    """,
    "no-grad-computation": """
        w = torch.randn(3, requires_grad=True)
        with torch.no_grad():
            h = w * 2
        seen = h.grad
    """,
    "branches-disagree": """
        flag = False
        w = torch.randn(3, requires_grad=True)
        if flag:
            h = w * 2
        else:
            h = w
        seen = h.grad
    """,
    "optimizer-parameters": """
        model = nn.Linear(2, 1)
        for p in model.parameters():
            seen = p.grad
    """,
}

NOT_RUN = {"unknown-tensor"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_warns_and_gives_none(source):
    found = findings(program(PRELUDE, source), "TL107")
    assert len(found) == 1, found
    assert "not a leaf" in found[0].message and "retain_grad()" in found[0].message
    with pytest.warns(UserWarning, match=NOT_A_LEAF):
        namespace = run_torch(as_meta(program(PRELUDE, source)))
    assert namespace["seen"] is None


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_no_warning(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL107") == []
    if name not in NOT_RUN:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            run_torch(source)


def test_reports_the_grad_read_and_where_the_tensor_was_made():
    [finding] = findings(program(PRELUDE, POSITIVE["intermediate-activation"]), "TL107")
    assert (finding.span.line, finding.span.column) == (6, 8)
    assert finding.span.end_column == len("seen = hidden.grad") + 1
    assert "`hidden`" in finding.message and "(computed at line 4)" in finding.message
    assert finding.related and finding.related[0].span.line == 4


def test_a_leaf_copied_to_the_gpu_is_explained_as_moved():
    [finding] = findings(program(PRELUDE, POSITIVE["leaf-moved-to-the-gpu"]), "TL107")
    assert "moved at line 3" in finding.message

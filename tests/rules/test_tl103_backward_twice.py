"""TL103 backward-twice: every positive case also raises PyTorch's RuntimeError on the second backward()."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
import torch.nn.functional as F
"""

SECOND_TIME = "backward through the graph a second time"

POSITIVE = {
    "same-loss-twice": """
        w = torch.randn(3, requires_grad=True)
        loss = torch.tanh(w).sum()
        loss.backward()
        loss.backward()
    """,
    "two-losses-share-a-subgraph": """
        encoder = nn.Linear(4, 4)
        hidden = torch.tanh(encoder(torch.randn(2, 4)))
        reconstruction = hidden.pow(2).mean()
        sparsity = hidden.abs().mean()
        reconstruction.backward()
        sparsity.backward()
    """,
    "loss-computed-before-the-loop": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        criterion = nn.MSELoss()
        loss = criterion(model(torch.randn(4, 3)), torch.randn(4, 1))
        for step in range(3):
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    """,
    "autograd-grad-then-backward": """
        w = torch.randn(3, requires_grad=True)
        loss = (w * w).sum()
        grads = torch.autograd.grad(loss, w)
        loss.backward()
    """,
    "retain-graph-false-said-out-loud": """
        w = torch.randn(3, requires_grad=True)
        loss = w.exp().sum()
        loss.backward(retain_graph=False)
        loss.backward()
    """,
    "import-alias": """
        import torch as T
        w = T.randn(3, requires_grad=True)
        loss = T.sigmoid(w).mean()
        loss.backward()
        T.autograd.backward(loss)
    """,
    "inside-a-function": """
        def fit():
            lin = nn.Linear(2, 1)
            loss = lin(torch.ones(4, 2)).sum()
            loss.backward()
            loss.backward()

        fit()
    """,
    "module-method": """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(3, 1)

            def fit(self, x):
                loss = self.fc(x).pow(2).mean()
                loss.backward()
                loss.backward()

        Net().fit(torch.randn(2, 3))
    """,
    "while-loop": """
        w = torch.randn(3, requires_grad=True)
        loss = F.softmax(w, dim=0).max()
        step = 0
        while step < 3:
            loss.backward()
            step += 1
    """,
    "mul-by-a-number-saves-it": """
        w = torch.randn(3, requires_grad=True)
        loss = (w * 2).sum()
        loss.backward()
        loss.backward()
    """,
    "gan-style-shared-features": """
        w = torch.randn(3, 3, requires_grad=True)
        features = torch.relu(w @ torch.randn(3, 3))
        loss_a = features.sum()
        loss_b = (features * 3).mean()
        loss_a.backward()
        loss_b.backward()
    """,
}

NEGATIVE = {
    "retain-graph-true": """
        w = torch.randn(3, requires_grad=True)
        loss = torch.tanh(w).sum()
        loss.backward(retain_graph=True)
        loss.backward()
    """,
    "create-graph": """
        w = torch.randn(3, requires_grad=True)
        loss = (w ** 3).sum()
        (g,) = torch.autograd.grad(loss, w, create_graph=True)
        loss.backward()
    """,
    "recomputed-in-the-loop": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for step in range(3):
            optimizer.zero_grad()
            loss = model(torch.randn(4, 3)).pow(2).mean()
            loss.backward()
            optimizer.step()
    """,
    "graph-holds-no-saved-tensor": """
        w = torch.randn(3, requires_grad=True)
        loss = w.sum() + w.mean()
        loss.backward()
        loss.backward()
    """,
    "separate-graphs": """
        a = torch.randn(3, requires_grad=True)
        b = torch.randn(3, requires_grad=True)
        loss_a = torch.tanh(a).sum()
        loss_b = torch.tanh(b).sum()
        loss_a.backward()
        loss_b.backward()
    """,
    "detached-between": """
        w = torch.randn(3, requires_grad=True)
        h = torch.tanh(w)
        h.sum().backward()
        (h.detach() * w).sum().backward()
    """,
    "break-after-backward": """
        w = torch.randn(3, requires_grad=True)
        loss = torch.exp(w).sum()
        for step in range(3):
            loss.backward()
            break
    """,
    "first-backward-only-on-one-branch": """
        flag = False
        w = torch.randn(3, requires_grad=True)
        loss = torch.sigmoid(w).sum()
        if flag:
            loss.backward()
        loss.backward()
    """,
    "rebuilt-after-the-first-backward": """
        w = torch.randn(3, requires_grad=True)
        loss = torch.sigmoid(w).sum()
        loss.backward()
        loss = torch.sigmoid(w).sum()
        loss.backward()
    """,
    "loss-of-unknown-origin": """
        def step(loss):
            loss.backward()
            loss.backward()
    """,
    "under-no-grad-nothing-is-recorded": """
        w = torch.randn(3, requires_grad=True)
        with torch.no_grad():
            h = torch.tanh(w)
        loss = (h * w).sum()
        loss.backward()
        (h * w).sum().backward()
    """,
    "gradient-accumulation": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for step in range(4):
            loss = model(torch.randn(2, 3)).pow(2).mean() / 2
            loss.backward()
            if step % 2 == 1:
                optimizer.step()
                optimizer.zero_grad()
    """,
}

NOT_RUN = {"loss-of-unknown-origin"}


@pytest.mark.parametrize("source", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_raises(source):
    found = findings(program(PRELUDE, source), "TL103")
    assert len(found) == 1, found
    assert "freed" in found[0].message and "a second time" in found[0].message
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL103") == []
    if name not in NOT_RUN:
        run_torch(source)


def test_reports_the_second_backward_and_where_the_graph_was_freed():
    source = program(PRELUDE, POSITIVE["same-loss-twice"])
    [finding] = findings(source, "TL103")
    assert (finding.span.line, finding.span.column) == (7, 1)
    assert finding.span.end_column == len("loss.backward()") + 1
    assert "`loss.backward()`" in finding.message and "`torch.tanh` (line 5)" in finding.message
    assert "the backward() at line 6" in finding.message
    assert [r.span.line for r in finding.related] == [5, 6]


def test_loop_case_says_previous_iteration():
    [finding] = findings(program(PRELUDE, POSITIVE["loss-computed-before-the-loop"]), "TL103")
    assert finding.span.line == 10
    assert "previous iteration" in finding.message and "inside the loop" in finding.message


def test_shared_subgraph_names_the_shared_op():
    [finding] = findings(program(PRELUDE, POSITIVE["two-losses-share-a-subgraph"]), "TL103")
    assert finding.span.line == 9 and "`torch.tanh`" in finding.message

"""TL104 graph-accumulation: every positive case is run to show the total really carries a growing graph."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
"""

SETUP = """
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
criterion = nn.MSELoss()
batches = [(torch.randn(8, 4), torch.randn(8, 1)) for _ in range(3)]
"""

# Each positive case names the accumulated total; after the run it must hold autograd history.
POSITIVE = {
    "running-loss": ("""
        running_loss = 0.0
        for inputs, targets in batches:
            optimizer.zero_grad()
            loss = criterion(model(inputs), targets)
            loss.backward()
            optimizer.step()
            running_loss += loss
    """, "running_loss"),
    "assignment-form": ("""
        total = 0
        for inputs, targets in batches:
            optimizer.zero_grad()
            loss = criterion(model(inputs), targets)
            loss.backward()
            optimizer.step()
            total = total + loss
    """, "total"),
    "tensor-total": ("""
        total = torch.zeros(())
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            total += loss
    """, "total"),
    "epoch-total-over-inner-loop": ("""
        for epoch in range(2):
            epoch_loss = 0.0
            for inputs, targets in batches:
                loss = criterion(model(inputs), targets).pow(2)
                loss.backward()
                epoch_loss += loss
    """, "epoch_loss"),
    "inside-a-function": ("""
        def train():
            seen = 0.0
            for inputs, targets in batches:
                loss = criterion(model(inputs), targets)
                loss.backward()
                seen += loss
            return seen

        result = train()
    """, "result"),
    "module-method-attribute-total": ("""
        class Trainer(nn.Module):
            def __init__(self):
                super().__init__()
                self.net = nn.Linear(4, 1)
                self.total = 0.0

            def fit(self, data):
                for inputs, targets in data:
                    loss = self.net(inputs).pow(2).mean()
                    loss.backward()
                    self.total += loss

        trainer = Trainer()
        trainer.fit(batches)
        result = trainer.total
    """, "result"),
    "import-alias": ("""
        import torch as T
        w = T.randn(4, requires_grad=True)
        acc = 0.0
        for step in range(3):
            loss = (w * T.randn(4)).sum()
            loss.backward()
            acc += loss
    """, "acc"),
    "while-loop": ("""
        w = torch.randn(4, requires_grad=True)
        acc, step = 0.0, 0
        while step < 3:
            loss = torch.tanh(w).sum()
            loss.backward()
            acc += loss
            step += 1
    """, "acc"),
    "scaled-loss-expression": ("""
        log = 0.0
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            log += loss * 8
    """, "log"),
    "reset-only-every-few-steps": ("""
        running = 0.0
        for i, (inputs, targets) in enumerate(batches):
            loss = criterion(model(inputs), targets)
            loss.backward()
            running += loss
            if i % 100 == 99:
                running = 0.0
    """, "running"),
}

NEGATIVE = {
    "item": """
        running_loss = 0.0
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            running_loss += loss.item()
    """,
    "detach": """
        running_loss = 0.0
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            running_loss += loss.detach()
    """,
    "float": """
        running_loss = 0.0
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            running_loss += float(loss)
    """,
    "accumulated-under-no-grad": """
        running_loss = 0.0
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            with torch.no_grad():
                running_loss += loss
    """,
    "reset-each-iteration": """
        for inputs, targets in batches:
            step_total = 0.0
            loss = criterion(model(inputs), targets)
            loss.backward()
            step_total += loss
    """,
    "gradient-accumulation-backpropagates-the-total": """
        accum = 0.0
        for i, (inputs, targets) in enumerate(batches):
            accum = accum + criterion(model(inputs), targets)
            if i % 2 == 1:
                accum.backward()
                optimizer.step()
                optimizer.zero_grad()
                accum = 0.0
    """,
    "loss-summed-over-heads": """
        heads = [nn.Linear(4, 1) for _ in range(3)]
        inputs, targets = batches[0]
        loss = 0.0
        for head in heads:
            loss += criterion(head(inputs), targets)
        loss.backward()
    """,
    "no-history": """
        total = 0.0
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            total += inputs.sum()
    """,
    "evaluation-under-no-grad": """
        total = 0.0
        with torch.no_grad():
            for inputs, targets in batches:
                total += criterion(model(inputs), targets)
    """,
    "unknown-loss": """
        def train(step_fn):
            total = 0.0
            for inputs, targets in batches:
                loss = step_fn(inputs, targets)
                loss.backward()
                total += loss
            return total
    """,
    "correct-predictions": """
        total = 0
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            total += model(inputs).argmax(1).eq(targets.argmax(1)).sum()
    """,
    "list-of-items": """
        history = []
        for inputs, targets in batches:
            loss = criterion(model(inputs), targets)
            loss.backward()
            history.append(loss.item())
    """,
}


def _has_history(value) -> bool:
    return getattr(value, "grad_fn", None) is not None


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_the_graph_really_grows(case):
    source, total = case
    found = findings(program(PRELUDE, SETUP, source), "TL104")
    assert len(found) == 1, found
    assert "graph" in found[0].message and ".item()" in found[0].message
    namespace = run_torch(program(PRELUDE, SETUP, source))
    assert _has_history(namespace[total]), "the total should carry autograd history"


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, SETUP, NEGATIVE[name])
    assert findings(source, "TL104") == []
    namespace = run_torch(source)
    for total in ("running_loss", "total"):
        if total in namespace:
            assert not _has_history(namespace[total])


def test_reports_the_accumulating_statement():
    source, _ = POSITIVE["running-loss"]
    [finding] = findings(program(PRELUDE, SETUP, source), "TL104")
    assert (finding.span.line, finding.span.column) == (13, 5)
    assert finding.span.end_column == len("    running_loss += loss") + 1
    assert "`running_loss`" in finding.message and "`loss` carries history (computed at line 10)" in finding.message
    assert "loop at line 8" in finding.message and finding.related[0].span.line == 8

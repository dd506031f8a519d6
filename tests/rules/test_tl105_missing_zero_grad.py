"""TL105 missing-zero-grad: each positive case is run to show the gradients really pile up.

The cases keep the learning rate at 0 and the data fixed, so every step computes the
same gradient: after ``STEPS`` steps without zeroing, ``.grad`` is ``STEPS`` times it.
"""

import textwrap

import pytest
import torch

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
torch.manual_seed(0)
x = torch.randn(6, 3)
STEPS = 3
"""


def _after_step(clear: str) -> str:
    """A training loop of ``model`` and ``opt`` that runs ``clear`` after every step."""
    body = textwrap.indent(textwrap.dedent(clear).strip("\n"), " " * 4)
    return f"""
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.0)
for step in range(STEPS):
    model(x).sum().backward()
    opt.step()
{body}
"""


# Each positive case names a tensor whose .grad is checked after the run.
POSITIVE = {
    "helper-function-that-does-not-clear": ("""
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        history = []

        def log(value):
            history.append(value)

        for step in range(STEPS):
            loss = model(x).sum()
            loss.backward()
            log(loss.item())
            optimizer.step()
    """, "model.weight"),
    "no-zero-grad-at-all": ("""
        model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
        optimizer = torch.optim.Adam(model.parameters(), lr=0.0)
        for step in range(STEPS):
            loss = model(x).pow(2).mean()
            loss.backward()
            optimizer.step()
    """, "model[0].weight"),
    "zero-grad-only-before-the-loop": ("""
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        optimizer.zero_grad()
        for step in range(STEPS):
            model(x).sum().backward()
            optimizer.step()
    """, "model.weight"),
    "nested-loops": ("""
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for epoch in range(1):
            for step in range(STEPS):
                loss = model(x).pow(2).sum()
                loss.backward()
                optimizer.step()
    """, "model.bias"),
    "inside-a-function": ("""
        model = nn.Linear(3, 1)

        def train():
            optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
            for step in range(STEPS):
                model(x).mean().backward()
                optimizer.step()

        train()
    """, "model.weight"),
    "module-method": ("""
        class Regressor(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(3, 1)

            def fit(self, inputs):
                optimizer = torch.optim.SGD(self.parameters(), lr=0.0)
                for step in range(STEPS):
                    loss = self.fc(inputs).pow(2).mean()
                    loss.backward()
                    optimizer.step()

        model = Regressor()
        model.fit(x)
    """, "model.fc.weight"),
    "import-alias": ("""
        import torch.optim as optim
        w = torch.ones(3, requires_grad=True)
        opt = optim.SGD([w], lr=0.0)
        for step in range(STEPS):
            (x @ w).pow(2).sum().backward()
            opt.step()
    """, "w"),
    "from-import": ("""
        from torch.optim import SGD
        w = torch.ones(3, requires_grad=True)
        opt = SGD([w], lr=0.0)
        for step in range(STEPS):
            loss = (x * w).sum()
            loss.backward()
            opt.step()
    """, "w"),
    "while-loop": ("""
        w = torch.ones(3, requires_grad=True)
        opt = torch.optim.SGD([w], lr=0.0)
        step = 0
        while step < STEPS:
            (x @ w).sum().backward()
            opt.step()
            step += 1
    """, "w"),
    "zero-grad-after-the-loop": ("""
        model = nn.Linear(3, 2)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for step in range(STEPS):
            model(x).sum().backward()
            optimizer.step()
        grad_at_end = model.weight.grad.clone()
        optimizer.zero_grad()
    """, None),
    # Near misses of the clears in GRADS_CLEARED: the write goes to the weights, to a copy of `.grad`,
    # to another attribute.
    "weight-clipping-is-not-clearing": (_after_step("""
        for p in model.parameters():
            p.data.clamp_(-10.0, 10.0)
    """), "model.weight"),
    "zeroing-a-copy-of-the-gradient": (_after_step("""
        for p in model.parameters():
            snapshot = p.grad.clone()
            snapshot *= 0
    """), "model.bias"),
    "setattr-of-another-attribute": (_after_step("""
        [setattr(p, "lr_scale", 1.0) for p in model.parameters()]
    """), "model.weight"),
}

# Ways to clear every parameter's gradient, each run after optimizer.step() (see _after_step): torch
# shows the gradients cleared at the end, and none may be flagged.
GRADS_CLEARED = {
    "grad-multiplied-by-zero-through-param-groups": """
        for group in opt.param_groups:
            for p in group["params"]:
                p.grad *= 0
    """,
    "grad-multiplied-by-zero": """
        for p in model.parameters():
            p.grad *= 0
    """,
    "grad-slice-assigned": """
        for p in model.parameters():
            p.grad[:] = 0
    """,
    "grad-mul_": """
        for p in model.parameters():
            p.grad.mul_(0)
    """,
    "grad-fill_": """
        for p in model.parameters():
            p.grad.fill_(0)
    """,
    "grad-zero_-per-parameter": """
        for p in model.parameters():
            p.grad.zero_()
    """,
    "grad-through-a-name": """
        for p in model.parameters():
            g = p.grad
            g *= 0
    """,
    "grad-set-to-none-after-step": """
        for p in model.parameters():
            p.grad = None
    """,
    "setattr-grad-none": """
        [setattr(p, "grad", None) for p in model.parameters()]
    """,
    "optimizer-class-zero-grad": "torch.optim.Optimizer.zero_grad(opt)",
    "module-class-zero-grad": "nn.Module.zero_grad(model)",
    "model-zero-grad-after-step": "model.zero_grad()",
}

NEGATIVE = {
    "helper-function-clears": """
        model = nn.Linear(3, 1)
        opt = torch.optim.SGD(model.parameters(), lr=0.0)

        def reset_grads():
            opt.zero_grad(set_to_none=True)

        for step in range(STEPS):
            model(x).sum().backward()
            opt.step()
            reset_grads()
    """,
    "optimizer-zero-grad": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for step in range(STEPS):
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "model-zero-grad": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for step in range(STEPS):
            model.zero_grad()
            model(x).sum().backward()
            optimizer.step()
    """,
    "zero-grad-at-the-end": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for step in range(STEPS):
            model(x).sum().backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
    """,
    "grad-set-to-none": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for step in range(STEPS):
            for p in model.parameters():
                p.grad = None
            model(x).sum().backward()
            optimizer.step()
    """,
    "grad-zeroed-in-place": """
        w = torch.ones(3, requires_grad=True)
        opt = torch.optim.SGD([w], lr=0.0)
        for step in range(STEPS):
            (x @ w).sum().backward()
            opt.step()
            w.grad.zero_()
    """,
    "grad-multiplied-by-zero-in-a-dataset-loop": """
        import torch.nn.functional as F
        model = nn.Linear(3, 1)
        opt = torch.optim.SGD(model.parameters(), lr=0.0)
        data = [(x, x.sum(1, keepdim=True))] * STEPS
        for inputs, targets in data:
            loss = F.mse_loss(model(inputs), targets); loss.backward(); opt.step()
            for p in model.parameters():
                p.grad *= 0
    """,
    **{name: _after_step(clear) for name, clear in GRADS_CLEARED.items()},
    "accumulation-on-purpose": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for step in range(4):
            (model(x).sum() / 2).backward()
            if step % 2 == 1:
                optimizer.step()
                optimizer.zero_grad()
    """,
    "closure-optimizer": """
        w = torch.ones(3, requires_grad=True)
        opt = torch.optim.LBFGS([w], lr=0.0)

        def closure():
            opt.zero_grad()
            loss = (x @ w).sum()
            loss.backward()
            return loss

        for step in range(STEPS):
            opt.step(closure)
    """,
    "optimizer-of-unknown-kind": """
        def train(model, optimizer):
            for step in range(STEPS):
                model(x).sum().backward()
                optimizer.step()
    """,
    "helper-may-zero": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)

        def clear(module):
            for p in module.parameters():
                p.grad = None

        for step in range(STEPS):
            clear(model)
            model(x).sum().backward()
            optimizer.step()
    """,
    "no-step-in-the-loop": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
        for step in range(STEPS):
            model(x).sum().backward()
        optimizer.step()
    """,
    "scheduler-step-is-not-an-optimizer-step": """
        model = nn.Linear(3, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
        for epoch in range(STEPS):
            model(x).sum().backward()
            scheduler.step()
    """,
}


def _grad_after(source: str, watched: str, steps: int) -> torch.Tensor:
    namespace = run_torch(program(PRELUDE.replace("STEPS = 3", f"STEPS = {steps}"), source))
    return eval(watched, namespace).grad.clone()


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_gradients_really_accumulate(case):
    source, watched = case
    found = findings(program(PRELUDE, source), "TL105")
    assert len(found) == 1, found
    assert "zero" in found[0].message and ".step()" in found[0].message
    if watched is None:
        namespace = run_torch(program(PRELUDE, source))
        once = run_torch(program(PRELUDE.replace("STEPS = 3", "STEPS = 1"), source))
        assert torch.allclose(namespace["grad_at_end"], 3 * once["grad_at_end"])
    else:
        assert torch.allclose(_grad_after(source, watched, 3), 3 * _grad_after(source, watched, 1))


@pytest.mark.parametrize("name", NEGATIVE.keys())
def test_no_finding_and_torch_agrees(name):
    source = program(PRELUDE, NEGATIVE[name])
    assert findings(source, "TL105") == []
    run_torch(source)


@pytest.mark.parametrize("name", [*GRADS_CLEARED, "grad-multiplied-by-zero-in-a-dataset-loop",
                                  "helper-function-clears"])
def test_torch_shows_the_gradients_cleared(name):
    namespace = run_torch(program(PRELUDE, NEGATIVE[name]))
    for p in namespace["model"].parameters():
        assert p.grad is None or not p.grad.any(), (name, p.grad)


def test_reports_the_optimizer_step():
    source, _ = POSITIVE["no-zero-grad-at-all"]
    [finding] = findings(program(PRELUDE, source), "TL105")
    assert (finding.span.line, finding.span.column) == (11, 5)
    assert finding.span.end_column == len("    optimizer.step()") + 1
    assert finding.message.startswith("`optimizer.step()` runs in a loop (line 8) that calls backward() at line 10")
    assert [r.span.line for r in finding.related] == [10, 8]


def test_a_step_in_nested_loops_is_reported_once():
    source, _ = POSITIVE["nested-loops"]
    assert len(findings(program(PRELUDE, source), "TL105")) == 1

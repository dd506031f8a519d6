"""TL101 fixes: parameter updates go under no_grad (safe); other in-place arithmetic is rebound (unsafe)."""

import pytest
import torch
from fixcheck import check_fix, check_no_fix, dedent, run_torch

SAFE = {
    "loop-over-parameters-wraps-the-loop": ("""
        import torch
        import torch.nn as nn

        model = nn.Linear(3, 1)
        loss = model(torch.ones(5, 3)).sum()
        loss.backward()
        # a hand-written SGD step
        for p in model.parameters():  # every parameter
            # the update itself
            p -= 0.1 * p.grad  # sgd

            p.grad.zero_()
        done = True
    """, """
        import torch
        import torch.nn as nn

        model = nn.Linear(3, 1)
        loss = model(torch.ones(5, 3)).sum()
        loss.backward()
        # a hand-written SGD step
        with torch.no_grad():
            for p in model.parameters():  # every parameter
                # the update itself
                p -= 0.1 * p.grad  # sgd

                p.grad.zero_()
        done = True
    """),
    "nested-in-an-epoch-loop-with-an-alias": ("""
        import torch as T

        model = T.nn.Linear(2, 2)
        for epoch in range(2):
            loss = model(T.ones(1, 2)).sum()
            loss.backward()
            for p in model.parameters():
                if p.grad is None:
                    continue
                p.add_(p.grad, alpha=-0.5)
                p.grad = None
    """, """
        import torch as T

        model = T.nn.Linear(2, 2)
        for epoch in range(2):
            loss = model(T.ones(1, 2)).sum()
            loss.backward()
            with T.no_grad():
                for p in model.parameters():
                    if p.grad is None:
                        continue
                    p.add_(p.grad, alpha=-0.5)
                    p.grad = None
    """),
    "loop-body-does-more-wraps-only-the-statement": ("""
        import torch
        model = torch.nn.Linear(2, 1)
        norms = []
        for name, p in model.named_parameters():
            norms.append(p.norm())
            p.mul_(0.5)  # decay
    """, """
        import torch
        model = torch.nn.Linear(2, 1)
        norms = []
        for name, p in model.named_parameters():
            norms.append(p.norm())
            with torch.no_grad():
                p.mul_(0.5)  # decay
    """),
    "two-updates-in-one-loop-share-one-wrap": ("""
        import torch
        model = torch.nn.Linear(2, 1)
        for p in model.parameters():
            p.mul_(0.5)
            p.add_(1.0)
    """, """
        import torch
        model = torch.nn.Linear(2, 1)
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(0.5)
                p.add_(1.0)
    """),
    "gradient-step-on-a-user-leaf": ("""
        import torch
        w = torch.ones(3, requires_grad=True)
        (w * 2).sum().backward()
        w -= 0.5 * w.grad
    """, """
        import torch
        w = torch.ones(3, requires_grad=True)
        (w * 2).sum().backward()
        with torch.no_grad():
            w -= 0.5 * w.grad
    """),
    "inside-a-function-with-tab-indentation": (
        "import torch\n\ndef step(lr):\n\tmodel = torch.nn.Linear(2, 1)\n\tfor p in model.parameters():\n"
        "\t\tp -= lr * p.grad\n",
        "import torch\n\ndef step(lr):\n\tmodel = torch.nn.Linear(2, 1)\n\twith torch.no_grad():\n"
        "\t\tfor p in model.parameters():\n\t\t\tp -= lr * p.grad\n"),
    "multi-line-statement-and-string": ('''
        import torch
        model = torch.nn.Linear(2, 1)
        model(torch.ones(1, 2)).sum().backward()
        for p in model.parameters():
            p.add_(
                p.grad,
                alpha=-0.1,
            )
            p.note = """keep
        this text"""
    ''', '''
        import torch
        model = torch.nn.Linear(2, 1)
        model(torch.ones(1, 2)).sum().backward()
        with torch.no_grad():
            for p in model.parameters():
                p.add_(
                    p.grad,
                    alpha=-0.1,
                )
                p.note = """keep
        this text"""
    '''),
}

UNSAFE = {
    "augmented-assign": ("""
        import torch
        x = torch.ones(3, requires_grad=True)
        x += 1  # shift
    """, """
        import torch
        x = torch.ones(3, requires_grad=True)
        x = x + 1  # shift
    """),
    "operand-needs-parentheses": ("""
        import torch
        x = torch.ones(3, requires_grad=True)
        x *= 2 - 1
    """, """
        import torch
        x = torch.ones(3, requires_grad=True)
        x = x * (2 - 1)
    """),
    "method": ("""
        import torch
        x = torch.ones(3, requires_grad=True)
        x.mul_(2)
    """, """
        import torch
        x = torch.ones(3, requires_grad=True)
        x = x.mul(2)
    """),
}


@pytest.mark.parametrize("case", SAFE)
def test_safe_fix(case):
    before, after = SAFE[case]
    check_fix(before, after, "TL101")


@pytest.mark.parametrize("case", UNSAFE)
def test_unsafe_fix(case):
    before, after = UNSAFE[case]
    check_fix(before, after, "TL101", unsafe=True)


@pytest.mark.parametrize("case", ["loop-over-parameters-wraps-the-loop", "nested-in-an-epoch-loop-with-an-alias",
                                  "loop-body-does-more-wraps-only-the-statement",
                                  "two-updates-in-one-loop-share-one-wrap", "gradient-step-on-a-user-leaf",
                                  "multi-line-statement-and-string"])
def test_safe_fix_runs_and_updates(case):
    before, after = SAFE[case]
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        run_torch(before)
    run_torch(after)


def test_sgd_step_values_after_fix():
    _, after = SAFE["loop-over-parameters-wraps-the-loop"]
    torch.manual_seed(0)
    namespace = run_torch(after)
    model = namespace["model"]
    assert namespace["done"] and all(p.grad.abs().sum() == 0 for p in model.parameters())
    torch.manual_seed(0)
    reference = torch.nn.Linear(3, 1)
    assert torch.allclose(model.bias, reference.bias - 0.1 * 5)
    assert torch.allclose(model.weight, reference.weight - 0.1 * 5)


def test_gradient_step_values_after_fix():
    w = run_torch(SAFE["gradient-step-on-a-user-leaf"][1])["w"]
    assert w.tolist() == [0.0, 0.0, 0.0] and w.is_leaf and w.requires_grad


@pytest.mark.parametrize("case", UNSAFE)
def test_unsafe_fix_runs(case):
    before, after = UNSAFE[case]
    with pytest.raises(RuntimeError, match="leaf Variable"):
        run_torch(before)
    x = run_torch(after)["x"]
    assert x.requires_grad and not x.is_leaf
    assert x.tolist() == [2.0, 2.0, 2.0] if case != "operand-needs-parentheses" else x.tolist() == [1.0] * 3


NO_FIX = {
    "module-weight-outside-a-loop": """
        import torch
        lin = torch.nn.Linear(3, 2)
        lin.weight.fill_(0.0)
    """,
    "view-of-a-leaf": """
        import torch
        w = torch.ones(4, requires_grad=True)
        w[1:3].zero_()
    """,
    "two-statements-on-one-line": """
        import torch
        model = torch.nn.Linear(2, 1)
        for p in model.parameters():
            q = 1; p.mul_(2)
    """,
    "write-inside-a-larger-expression": """
        import torch
        w = torch.ones(2, requires_grad=True)
        y = w.add_(1) * 2
    """,
    "no-name-for-torch": """
        from torch import ones
        w = ones(2, requires_grad=True)
        w -= 0.1 * w.grad
    """,
    "out-keyword": """
        import torch
        w = torch.ones(3, requires_grad=True)
        torch.mul(torch.ones(3), 2, out=w)
    """,
}


@pytest.mark.parametrize("case", NO_FIX)
def test_no_fix_when_none_is_certain(case):
    check_no_fix(NO_FIX[case], "TL101")


def test_loop_on_a_header_line_is_wrapped_whole():
    before = """
        import torch
        model = torch.nn.Linear(2, 1)
        for p in model.parameters(): p.mul_(2)
    """
    after = """
        import torch
        model = torch.nn.Linear(2, 1)
        with torch.no_grad():
            for p in model.parameters(): p.mul_(2)
    """
    check_fix(before, after, "TL101")
    assert dedent(after).count("no_grad") == 1

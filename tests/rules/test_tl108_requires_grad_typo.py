"""TL108 requires-grad-typo: every positive case is run: the flag silently stays put, or torch raises."""

import pytest

from snippets import findings, program, run_torch

PRELUDE = """
import torch
import torch.nn as nn
"""

# Each positive case: the source, and either an exception torch raises or an expression that
# must hold after the run (the misspelling changed nothing).
POSITIVE = {
    "misspelt-attribute": ("""
        temperature = torch.ones(1)
        temperature.requires_grads = True
    """, "temperature.requires_grad is False"),
    "method-overwritten": ("""
        bias = torch.zeros(3)
        bias.requires_grad_ = True
    """, "bias.requires_grad is False"),
    "freezing-that-freezes-nothing": ("""
        model = nn.Linear(3, 2)
        for p in model.parameters():
            p.require_grad = False
    """, "all(p.requires_grad for p in model.parameters())"),
    "module-attribute": ("""
        backbone = nn.Linear(3, 2)
        backbone.require_grad = False
    """, "backbone.weight.requires_grad is True"),
    "factory-keyword": ("""
        w = torch.zeros(3, require_grad=True)
    """, TypeError),
    "parameter-keyword": ("""
        p = nn.Parameter(torch.ones(2), requries_grad=False)
    """, TypeError),
    "tensor-method-keyword": ("""
        base = torch.ones(2)
        extra = base.new_zeros(4, requires_grads=True)
    """, TypeError),
    "misspelt-read": ("""
        w = torch.ones(2, requires_grad=True)
        if w.require_grad:
            w = w * 2
    """, AttributeError),
    "import-alias": ("""
        import torch as T
        w = T.ones(3, requries_grad=True)
    """, TypeError),
    "inside-a-function": ("""
        def make():
            w = torch.randn(3)
            w.require_grads = True
            return w

        made = make()
    """, "made.requires_grad is False"),
    "module-init": ("""
        class Scaled(nn.Module):
            def __init__(self):
                super().__init__()
                self.scale = nn.Parameter(torch.ones(1))
                self.scale.require_grad = False

        module = Scaled()
    """, "module.scale.requires_grad is True"),
    "method-overwritten-on-a-parameter-in-a-loop": ("""
        model = nn.Linear(2, 2)
        for p in model.parameters():
            p.requires_grad_ = False
    """, "model.bias.requires_grad is True"),
    "parameter-attribute": ("""
        param = nn.Parameter(torch.ones(2))
        param.requires_grads = False
    """, "param.requires_grad is True"),
    # Near misses of a class's own attribute (see NEGATIVE): a class of the file that never sets it,
    # a library submodule reached through `self`, and the method requires_grad_ replaced through `self`.
    "own-class-that-never-sets-it": ("""
        class Head(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)

        head = Head()
        head.require_grad = False
    """, "all(p.requires_grad for p in head.parameters())"),
    "read-on-own-class-that-never-sets-it": ("""
        class Head(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)

        head = Head()
        frozen = not head.require_grad
    """, AttributeError),
    "submodule-through-self": ("""
        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)
                self.fc.require_grad = False

        block = Block()
    """, "block.fc.weight.requires_grad is True"),
    "method-overwritten-through-self": ("""
        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)
                self.requires_grad_ = False

        block = Block()
    """, "block.fc.weight.requires_grad is True"),
}

NEGATIVE = {
    "correct-attribute": """
        w = torch.ones(2)
        w.requires_grad = True
    """,
    "method-called": """
        w = torch.ones(2)
        w.requires_grad_(True)
    """,
    "correct-keyword": """
        w = torch.ones(2, requires_grad=True)
    """,
    "own-function-takes-that-name": """
        def make(size, require_grad=False):
            return torch.ones(size, requires_grad=require_grad)

        w = make(3, require_grad=True)
    """,
    "config-object": """
        from types import SimpleNamespace
        cfg = SimpleNamespace()
        cfg.require_grad = True
    """,
    "plain-class-attribute": """
        class Options:
            def __init__(self):
                self.requires_grads = False

        options = Options()
        flag = options.requires_grads
    """,
    "similar-words": """
        request = "x"
        required = torch.ones(2)
        required.requires_grad = False
    """,
    "string-key": """
        settings = {"require_grad": True}
        value = settings["require_grad"]
    """,
    "unknown-object": """
        def freeze(layer):
            layer.require_grad = False
    """,
    "own-module-attribute": """
        class Block(nn.Module):
            def __init__(self, require_grad=True):
                super().__init__()
                self.require_grad = require_grad

        b = Block(False)
        print(b.require_grad)
    """,
    "own-module-attribute-used-in-forward-and-set-later": """
        class Block(nn.Module):
            def __init__(self, require_grad=True):
                super().__init__()
                self.fc = nn.Linear(2, 2)
                self.require_grad = require_grad

            def forward(self, inputs):
                return self.fc(inputs) if self.require_grad else inputs.detach()

        block = Block()
        block.require_grad = False
        out = block(torch.ones(2))
    """,
    "own-module-attribute-in-another-method": """
        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)
                self.freeze()

            def freeze(self):
                self.requires_grads = False
                for p in self.parameters():
                    p.requires_grad = False
    """,
    "read-of-the-right-name": """
        w = torch.ones(2, requires_grad=True)
        if w.requires_grad:
            w = w * 2
    """,
}


@pytest.mark.parametrize("case", POSITIVE.values(), ids=POSITIVE.keys())
def test_flags_and_torch_ignores_or_raises(case):
    source, outcome = case
    found = findings(program(PRELUDE, source), "TL108")
    assert len(found) == 1, found
    assert "requires_grad" in found[0].message
    if isinstance(outcome, str):
        namespace = run_torch(program(PRELUDE, source))
        assert eval(outcome, namespace), outcome
    else:
        with pytest.raises(outcome):
            run_torch(program(PRELUDE, source))


@pytest.mark.parametrize("source", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_no_finding(source):
    assert findings(program(PRELUDE, source), "TL108") == []
    run_torch(program(PRELUDE, source))


def test_reports_the_misspelt_name():
    source, _ = POSITIVE["misspelt-attribute"]
    [finding] = findings(program(PRELUDE, source), "TL108")
    assert (finding.span.line, finding.span.column) == (4, 13)
    assert finding.span.end_column == len("temperature.requires_grads") + 1
    assert "stays False (created at line 3)" in finding.message


def test_keyword_names_the_callee():
    source, _ = POSITIVE["factory-keyword"]
    [finding] = findings(program(PRELUDE, source), "TL108")
    assert (finding.span.line, finding.span.column) == (3, 20)
    assert "`torch.zeros()`" in finding.message and "TypeError" in finding.message

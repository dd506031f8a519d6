"""What the engine infers, read through the facts it keeps for hovers.

These tests pin the lattice and the interpreter's model of Python and torch
independently of any rule: each asserts the description of a name at a line.
"""

import textwrap

import pytest

from tensorlens.analysis.engine import analyze_source
from tensorlens.rules import select_rules


def facts(source):
    result = analyze_source(textwrap.dedent(source), "facts.py", select_rules(), record_facts=True)
    assert not result.internal_errors, result.internal_errors
    table = {}
    for fact in result.facts:
        table[(fact.span.line, fact.text)] = fact.description
    return table


def fact(source, line, text):
    return facts(source).get((line, text), "<nothing known>")


def test_import_alias_and_factory_device():
    source = """
        import torch as T
        x = T.zeros(3, device="cuda:1")
        x
    """
    assert fact(source, 4, "x").startswith("tensor[3] · device cuda:1 (created at line 3)")


def test_tuple_unpacking_keeps_each_element():
    source = """
        import torch
        a, b = torch.ones(2).cuda(), torch.ones(2)
        a, b
    """
    table = facts(source)
    assert "device cuda" in table[(4, "a")] and "device cpu" in table[(4, "b")]


def test_branches_that_disagree_make_the_fact_unknown():
    source = """
        import torch
        x = torch.ones(2)
        if flag:
            x = x.cuda()
        x
    """
    assert "device" not in fact(source, 6, "x")


def test_loop_reaches_a_fixed_point():
    source = """
        import torch
        x = torch.ones(2)
        for i in range(3):
            x
            x = x.cuda()
        x
    """
    assert "device" not in fact(source, 5, "x")


def test_with_no_grad_results_do_not_require_grad():
    source = """
        import torch
        w = torch.ones(2, requires_grad=True)
        with torch.no_grad():
            y = w * 2
        y
    """
    assert "no grad" in fact(source, 6, "y")


def test_module_to_is_in_place_and_parameters_follow():
    source = """
        import torch.nn as nn
        model = nn.Linear(2, 2)
        model.to("cuda")
        model.weight
    """
    description = fact(source, 5, "model.weight")
    assert description.startswith("parameter[2, 2] · device cuda (model moved at line 4)")
    assert "requires_grad" in description and "leaf" in description


def test_user_module_init_models_attributes_and_self_to():
    source = """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)
                self.scale = nn.Parameter(torch.ones(1))
                self.register_buffer("mask", torch.ones(2))
                self.cache = torch.zeros(2)
                self.to("cuda")

        net = Net()
        net.fc, net.scale, net.mask, net.cache
    """
    table = facts(source)
    assert "device cuda" in table[(15, "net.fc")]
    assert table[(15, "net.scale")].startswith("parameter[1] · device cuda")
    assert "device cuda" in table[(15, "net.mask")]
    # A plain tensor attribute is not moved with the module.
    assert "device cpu" in table[(15, "net.cache")]


def test_detach_and_clone():
    source = """
        import torch
        w = torch.ones(2, requires_grad=True)
        d = w.detach()
        c = w.clone()
        d, c
    """
    table = facts(source)
    assert "no grad" in table[(6, "d")] and "leaf" in table[(6, "d")]
    assert "has grad_fn (non-leaf)" in table[(6, "c")]


def test_numpy_sharing_is_a_fact_on_both_sides():
    source = """
        import numpy as np
        import torch
        a = np.ones(3)
        t = torch.from_numpy(a)
        a, t
    """
    table = facts(source)
    assert "shares memory with a tensor (torch.from_numpy(a), line 5)" in table[(6, "a")]
    assert "shares memory with a numpy array (torch.from_numpy(a), line 5)" in table[(6, "t")]


def test_function_parameters_are_unknown_unless_defaulted_or_typed():
    source = """
        import torch

        def f(x, y: torch.Tensor, device="cuda"):
            x, y, device
    """
    table = facts(source)
    assert (5, "x") not in table
    assert table[(5, "y")] == "tensor"
    assert table[(5, "device")].startswith("device")


def test_symbolic_device_is_named_after_its_variable():
    source = """
        import torch
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        x = torch.ones(1, device=device)
        x
    """
    assert fact(source, 5, "x").startswith("tensor[1] · device `device` (cuda when available)")


def test_comprehension_over_parameters():
    source = """
        import torch.nn as nn
        model = nn.Linear(2, 2).cuda()
        grads = [p for p in model.parameters()]
        for p in model.parameters():
            p
    """
    assert fact(source, 6, "p").startswith("parameter · device cuda")


def test_function_summary_gives_call_results():
    source = """
        import torch

        def make():
            return torch.zeros(2, device="meta")

        x = make()
        x
    """
    assert fact(source, 8, "x").startswith("tensor[2] · device meta")


@pytest.mark.parametrize("source", [
    "x = (",
    "def f(:\n",
    "\x00\x01",
    "class A(\n",
])
def test_unparsable_sources_give_tl000_not_errors(source):
    result = analyze_source(source, "bad.py", select_rules(), precheck=False)
    assert [f.code for f in result.findings] == ["TL000"]
    assert not result.internal_errors


def test_a_branch_on_a_known_string_walks_only_the_branch_that_runs():
    source = """
        import torch
        mode = "cpu_only"
        x = torch.ones(2)
        if mode == "accelerated":
            x = x.cuda()
        x
    """
    assert "device cpu" in fact(source, 7, "x")


def test_a_branch_on_an_unknown_value_walks_both():
    source = """
        import torch
        x = torch.ones(2)
        if mode == "accelerated":
            x = x.cuda()
        x
    """
    assert "device" not in fact(source, 6, "x")


@pytest.mark.parametrize("test", ["flag", "not off", "flag and not off", "off or flag", "config['move']",
                                  "config.get('move', False)", "kind in ('gpu', 'cuda')", "kind != 'cpu'",
                                  "steps > 1", "nothing is None"])
def test_decided_tests(test):
    source = f"""
        import torch
        flag, off, kind, steps, nothing = True, False, "cuda", 2, None
        config = {{"move": True}}
        x = torch.ones(2)
        if {test}:
            x = x.cuda()
        else:
            x = x.cpu()
        x
    """
    assert "device cuda" in fact(source, 10, "x")


def test_a_loop_that_surely_runs_leaves_its_last_iteration_facts():
    source = """
        import torch
        x = torch.ones(2)
        for i in range(2):
            x = x.cuda()
        x
        y = torch.ones(2)
        for i in range(0):
            y = y.cuda()
        y
    """
    assert "device cuda" in fact(source, 6, "x")
    assert "device" not in fact(source, 10, "y")  # it may not run: the facts before and after it are joined


def test_a_loop_over_a_literal_list_surely_runs_and_one_over_an_unknown_may_not():
    source = """
        import torch
        x = torch.ones(2)
        for name in ["a", "b"]:
            x = x.cuda()
        x
        y = torch.ones(2)
        for name in names:
            y = y.cuda()
        y
    """
    assert "device cuda" in fact(source, 6, "x")
    assert "device" not in fact(source, 10, "y")


def test_a_constructor_literal_picks_the_branch_of_the_instance_only():
    source = """
        import torch
        import torch.nn as nn
        class Mover(nn.Module):
            def __init__(self, target="cpu_only"):
                super().__init__()
                self.target = target
            def forward(self, x):
                if self.target == "cuda":
                    return x.cuda()
                return x.cpu()
        a = Mover(target="cuda")(torch.ones(2))
        b = Mover()(torch.ones(2))
        a, b
    """
    table = facts(source)
    assert "device cuda" in table[(14, "a")] and "device cpu" in table[(14, "b")]


def test_an_unknown_operand_may_need_grad():
    # autoencoders #2: `pred` comes out of a layer list the engine cannot see into; the loss may need grad,
    # and saying "no grad" would be a guess.
    source = """
        import torch
        import torch.nn as nn

        def step(layer, batch):
            pred = layer(batch)
            target = torch.ones(4)
            loss = nn.BCELoss()(pred, target)
            mixed = target.mul(pred)
            functional = torch.nn.functional.mse_loss(pred, target)
            return loss, mixed, functional
    """
    table = facts(source)
    for line, name in ((8, "loss"), (9, "mixed"), (10, "functional")):
        assert "no grad" not in table[(line, name)], (name, table[(line, name)])
    assert "no grad" in fact(source, 7, "target")

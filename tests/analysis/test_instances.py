"""First-call semantics: a method run on an instance nothing has run on yet reads what ``__init__`` left.

Each test reads, through the hover facts, what ``model.state()`` returns: ``self.hidden``, made on the CPU in
``__init__`` and moved to cuda by ``forward``, so its joined class attribute has no known device.
"""

import textwrap

from tensorlens.analysis.engine import analyze_source
from tensorlens.rules import select_rules

CLASS = """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.hidden = torch.zeros(2)

    def state(self):
        return self.hidden

    def forward(self, x):
        self.hidden = x.cuda()
        return self.fc(x)


"""
FRESH = "tensor[2] · device cpu (created at line 10)"


def hidden_state(snippet: str) -> str:
    """What ``seen`` is at the snippet's last line, where it is read alone."""
    source = CLASS + textwrap.dedent(snippet).strip() + "\nseen\n"
    result = analyze_source(source, "instances.py", select_rules(), record_facts=True)
    assert not result.internal_errors, result.internal_errors
    line = source.count("\n")
    found = [fact.description for fact in result.facts if fact.span.line == line and fact.text == "seen"]
    return found[0] if found else "<nothing known>"


def test_a_new_instance_reads_what_init_left():
    assert hidden_state("model = Net()\nseen = model.state()").startswith(FRESH)


def test_moving_the_module_leaves_a_plain_tensor_where_init_made_it():
    assert hidden_state("model = Net().cuda()\nmodel.cuda()\nseen = model.state()").startswith(FRESH)


def test_after_forward_ran_the_attribute_is_the_join():
    assert not hidden_state("model = Net()\nmodel(torch.ones(2))\nseen = model.state()").startswith(FRESH)


def test_any_method_call_counts_even_through_an_alias():
    snippet = "model = Net()\nother = model\nother.state()\nseen = model.state()"
    assert not hidden_state(snippet).startswith(FRESH)


def test_a_helper_that_calls_the_global_model_uses_it():
    snippet = """
        model = Net()
        def step():
            return model(torch.ones(2))
        step()
        seen = model.state()
    """
    assert not hidden_state(snippet).startswith(FRESH)


def test_an_instance_passed_to_unknown_code_or_stored_is_used():
    assert not hidden_state("model = Net()\nprint(model)\nseen = model.state()").startswith(FRESH)
    assert not hidden_state("model = Net()\nslots = {}\nslots['m'] = model\nseen = model.state()").startswith(FRESH)


def test_an_attribute_written_from_outside_ends_the_first_call():
    snippet = "model = Net()\nmodel.hidden = torch.ones(2).cuda()\nseen = model.state()"
    assert not hidden_state(snippet).startswith(FRESH)


def test_a_loop_joins_the_first_iteration_with_the_later_ones():
    snippet = """
        model = Net()
        for _ in range(3):
            seen = model.state()
            model(torch.ones(2))
    """
    assert not hidden_state(snippet).startswith(FRESH)


def test_init_calling_a_method_that_sets_the_attribute_gives_up_on_it():
    source = CLASS.replace("        self.hidden = torch.zeros(2)\n",
                           "        self.hidden = torch.zeros(2)\n        self.reset()\n") \
        .replace("    def state(self):", "    def reset(self):\n        self.hidden = torch.zeros(2).cuda()\n\n"
                                           "    def state(self):")
    program = source + "model = Net()\nseen = model.state()\nseen\n"
    result = analyze_source(program, "instances.py", select_rules(), record_facts=True)
    line = program.count("\n")
    found = [fact.description for fact in result.facts if fact.span.line == line and fact.text == "seen"]
    assert found and not found[0].startswith("tensor[2] · device cpu")

"""An editor's incremental reparse gives exactly what a full parse gives.

Each test edits a document the way typing does and compares the analysis
through an IncrementalParser (which reuses the unchanged statements of the
previous text) with a fresh analysis of the same text: same findings, same
hover facts, same positions.
"""

from __future__ import annotations

import random
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from tensorlens.analysis.engine import analyze_source
from tensorlens.analysis.incremental import IncrementalParser, parse_whole
from tensorlens.rules import select_rules

RULES = select_rules()

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(p for p in [*REPO.glob("samples/**/*.py"), *REPO.glob("tests/corpus/**/*.py")]
                   if "syntax_error" not in p.name)

TRAINING = '''\
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


def train(model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        loss = (model(x) - y).pow(2).mean()
        loss.backward()
        optimizer.step()


w = torch.zeros(3, requires_grad=True)
w.add_(1)
'''


def assert_same_as_full(parser: IncrementalParser, text: str, path: str = "doc.py") -> None:
    incremental = analyze_source(text, path, RULES, record_facts=True, parser=parser)
    full = analyze_source(text, path, RULES, record_facts=True)
    assert incremental.findings == full.findings
    assert incremental.facts == full.facts
    assert incremental.internal_errors == full.internal_errors


def typed(parser: IncrementalParser, *texts: str) -> None:
    for text in texts:
        assert_same_as_full(parser, text)


def reused_statements(parser: IncrementalParser, before: str, after: str) -> int:
    old = parser.parse("doc.py", before)
    new = parser.parse("doc.py", after)
    assert new.module.code == after
    old_ids = {id(statement) for statement in old.module.body}
    return sum(1 for statement in new.module.body if id(statement) in old_ids)


def test_an_edit_inside_one_function_reparses_only_that_function():
    edited = TRAINING.replace("lr=0.1", "lr=0.01")
    parser = IncrementalParser()
    kept = reused_statements(parser, TRAINING, edited)
    body = len(cst.parse_module(TRAINING).body)
    assert kept == body - 1
    assert_same_as_full(parser, edited)


def test_positions_after_an_inserted_line_are_shifted():
    parser = IncrementalParser()
    parser.parse("doc.py", TRAINING)
    edited = TRAINING.replace("import torch.nn as nn\n", "import torch.nn as nn\nimport numpy as np\n\n")
    parsed = parser.parse("doc.py", edited)
    assert parsed.chunks is not None
    reference = MetadataWrapper(parsed.module, unsafe_skip_copy=True).resolve(PositionProvider)
    for statement in parsed.module.body:
        for node in (statement, *_descendants(statement)):
            assert parsed.positions[node] == reference[node]
    findings = analyze_source(edited, "doc.py", RULES, parser=parser).findings
    assert [f.span.line for f in findings if f.code == "TL101"] == [edited.splitlines().index("w.add_(1)") + 1]


def test_a_line_added_at_the_end_of_a_function_belongs_to_it():
    parser = IncrementalParser()
    end_of_train = "        optimizer.step()\n"
    typed(parser, TRAINING,
          TRAINING.replace(end_of_train, end_of_train + "        optimizer.zero_grad()\n"),
          TRAINING.replace(end_of_train, end_of_train + "    w.add_(1)\n"))


def test_a_text_that_stops_parsing_and_parses_again():
    parser = IncrementalParser()
    broken = TRAINING.replace("return self.fc(x)", "return self.fc(x")
    typed(parser, TRAINING, broken, TRAINING.replace("w.add_(1)", "w.add_(2)"))
    syntax = analyze_source(broken, "doc.py", RULES, parser=parser).findings
    # The broken class is left out; the statements that still parse keep their findings (issue 21).
    assert [(f.code, f.span.line) for f in syntax] == [("TL000", 13), ("TL105", 21), ("TL101", 25)]


@pytest.mark.parametrize("text", [
    TRAINING.rstrip("\n"),  # no final newline
    "# a header comment\n\n" + TRAINING + "\n# a footer comment\n",
    TRAINING.replace("\n", "\r\n"),
    TRAINING.replace("    ", "  "),  # two-space indentation
])
def test_edits_anywhere_in_unusual_layouts(text: str):
    parser = IncrementalParser()
    typed(parser, text)
    rng = random.Random(len(text))
    for _ in range(40):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(["x", "\n", "# c\n", "1", "\n\n", ""]) + text[at + rng.choice([0, 1, 5]):]
        assert_same_as_full(parser, text)


def test_joining_a_line_onto_the_next_statement():
    parser = IncrementalParser()
    joined = TRAINING.replace("w = torch.zeros(3, requires_grad=True)\n", "w = torch.zeros(3, requires_grad=True)")
    typed(parser, TRAINING, joined)


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_of_real_files(seed: int):
    rng = random.Random(seed)
    snippets = ["x", "1", "\n", "\n    y = 2\n", "# c\n", "def g():\n    return 1\n", "x.add_(1)\n", ":", "(",
                "w = torch.zeros(3, requires_grad=True)\nw.mul_(2)\n", "    t.to('cuda')\n", "\n\n", "@d\n", "\t"]
    for document in rng.sample(DOCUMENTS, 6):
        text = document.read_text(encoding="utf-8")
        parser = IncrementalParser()
        assert_same_as_full(parser, text, document.name)
        for _ in range(8):
            at = rng.randrange(len(text) + 1)
            end = min(len(text), at + rng.choice([0, 0, 1, 3, 40]))
            text = text[:at] + (rng.choice(snippets) if rng.random() < 0.8 else "") + text[end:]
            assert_same_as_full(parser, text, document.name)


def test_split_pieces_make_up_the_source():
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        parsed = parse_whole(text)
        assert parsed.chunks is not None, document
        assert parsed.header_text + "".join(c.text for c in parsed.chunks) + parsed.footer_text == text


def _descendants(node: cst.CSTNode):
    pending = list(node.children)
    while pending:
        current = pending.pop()
        yield current
        pending.extend(current.children)


# --- replaying unchanged functions ------------------------------------------------------------------

CALLS = '''\
import torch


def make():
    return torch.zeros(3)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(3, 3)

    def forward(self, x):
        return self.fc(x)


def use():
    x = make()
    return x + torch.ones(3).cuda()


def step():
    frozen = Net()
    frozen.fc.weight.requires_grad = True


def run():
    model = Net()
    return model(torch.ones(3))


def later():
    net = Net()
    net.fc.weight.add_(1)
    net.extra.weight.add_(1)


def other():
    y = torch.ones(2)
    return y * 2
'''


@pytest.mark.parametrize("text", [CALLS, CALLS.replace("requires_grad = True", "requires_grad = False")])
def test_an_unrelated_edit_replays_the_other_functions(text: str):
    parser = IncrementalParser()
    analyze_source(text, "doc.py", RULES, record_facts=True, parser=parser)
    edited = text.replace("y * 2", "y * 3")
    assert_same_as_full(parser, edited)
    assert parser.memo_for("doc.py", True).replayed >= 5


@pytest.mark.parametrize("before, after", [
    # the callee's summary changes what its caller sees
    ("return torch.zeros(3)\n", "return torch.zeros(3).cuda()\n"),
    ("return torch.zeros(3)\n", "return torch.zeros(3, requires_grad=True)\n"),
    # a class's model changes what its methods and users see
    ("self.fc = torch.nn.Linear(3, 3)\n", "self.fc = torch.nn.Linear(3, 3).cuda()\n"),
    ("self.fc = torch.nn.Linear(3, 3)\n", "self.fc = None\n"),
    # the class gains an attribute a later function uses (the class's value in scope stays the same)
    ("self.fc = torch.nn.Linear(3, 3)\n",
     "self.fc = torch.nn.Linear(3, 3)\n        self.extra = torch.nn.Linear(3, 3)\n"),
    # an earlier function freezes parameters, which later findings depend on
    ("weight.requires_grad = True\n", "weight.requires_grad = False\n"),
    # a definition is renamed: calls to the old name no longer reach it
    ("def make():", "def make2():"),
    ("x = make()", "x = make().cuda()"),
])
def test_edits_whose_effects_cross_functions(before: str, after: str):
    parser = IncrementalParser()
    edited = CALLS.replace(before, after)
    assert edited != CALLS
    typed(parser, CALLS, edited, CALLS, edited)


@pytest.mark.parametrize("seed", range(3))
def test_statement_level_edits_that_keep_the_file_valid(seed: int):
    """Typing that keeps the text parsable: the case where recorded analyses are replayed."""
    import ast
    import re

    statements = ["x.add_(1)", "w = torch.zeros(3, requires_grad=True)", "w.mul_(2)", "t = t.to('cuda')",
                  "loss.backward()", "total += loss", "a = torch.from_numpy(arr)", "arr[0] = 1",
                  "p.requires_grad = False", "return torch.ones(2)", "y = helper(x)", "x = x.cuda()", "pass"]
    rng = random.Random(seed)
    for document in rng.sample(DOCUMENTS, 5):
        text = document.read_text(encoding="utf-8")
        parser = IncrementalParser()
        assert_same_as_full(parser, text, document.name)
        for _ in range(10):
            lines = text.split("\n")
            at = rng.randrange(len(lines))
            if rng.random() < 0.6:
                lines.insert(at, re.match(r"\s*", lines[at]).group(0) + rng.choice(statements))
            elif re.search(r"\d", lines[at]):
                lines[at] = re.sub(r"\d", str(rng.randrange(10)), lines[at], count=1)
            else:
                del lines[at]
            candidate = "\n".join(lines)
            try:
                ast.parse(candidate)
            except SyntaxError:
                continue
            text = candidate
            assert_same_as_full(parser, text, document.name)


# --- replaying unchanged top-level statements ---------------------------------------------------------

TOP_LEVEL = '''\
import torch
import torch.nn as nn


def _cfg(url="", **kwargs):
    return {"url": url, "num_classes": 1000, **kwargs}


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
        self.scale = torch.ones(2)

    def forward(self, x):
        return self.fc(x) * self.scale

    def reset(self):
        self.fc.reset_parameters()


default_cfgs = {
    "a": _cfg(url="https://a", input_size=(3, 224, 224)),
    "b": _cfg(url="https://b", input_size=(3, 256, 256)),
    "c": _cfg(input_size=(3, 288, 288)),
}
names = [name for name in default_cfgs]
model = Net()
out = model(torch.ones(4))
w = torch.zeros(3, requires_grad=True)
w.add_(1)
total = out.sum() + w.sum()
'''


@pytest.fixture
def every_statement_recorded(monkeypatch):
    """Record and replay every plain top-level statement, not only the slow ones, so each edit below
    crosses recorded statements."""
    from tensorlens.analysis import statement_memo

    monkeypatch.setattr(statement_memo, "WORTH_RECORDING_S", 0.0)


def test_unchanged_top_level_statements_are_replayed(every_statement_recorded):
    parser = IncrementalParser()
    typed(parser, TOP_LEVEL, TOP_LEVEL.replace("288", "289"))
    assert_same_as_full(parser, TOP_LEVEL.replace("288", "290"))
    assert parser.memo_for("doc.py", True).statements.replayed >= 5


@pytest.mark.parametrize("before, after", [
    # the helper a recorded statement calls changes what it returns
    ('return {"url": url, "num_classes": 1000, **kwargs}', 'return torch.zeros(3).cuda()'),
    # an earlier statement binds a name differently
    ("import torch.nn as nn\n", "import torch.nn as nn\nw = torch.zeros(3, requires_grad=True)\n"),
    ('"c": _cfg(', '"c": torch.ones(2).cuda() + _cfg('),
    # the class a statement instantiates changes (its __init__, a method, a renamed, added or removed method)
    ("self.scale = torch.ones(2)\n", "self.scale = torch.ones(2).cuda()\n"),
    ("return self.fc(x) * self.scale", "return self.fc(x).cpu() * self.scale"),
    ("def forward(self, x):", "def forward2(self, x):"),
    ("    def reset(self):\n        self.fc.reset_parameters()\n", ""),
    ("    def reset(self):\n",
     "    def freeze(self):\n        self.fc.weight.requires_grad = False\n\n    def reset(self):\n"),
    # a statement in the middle of the recorded ones changes the state after it
    ("w.add_(1)\n", "w.add_(1)\nw = w.cuda()\n"),
    ("out = model(torch.ones(4))\n", "out = model(torch.ones(4).cuda())\n"),
])
def test_edits_whose_effects_cross_top_level_statements(every_statement_recorded, before: str, after: str):
    parser = IncrementalParser()
    edited = TOP_LEVEL.replace(before, after)
    assert edited != TOP_LEVEL
    typed(parser, TOP_LEVEL, TOP_LEVEL, edited, edited, TOP_LEVEL, edited)


@pytest.mark.parametrize("before, after", [
    # edits inside the methods of a class: other methods and other functions' facts depend on them
    ("self.fc = torch.nn.Linear(3, 3)\n", "self.fc = torch.nn.Linear(3, 3)\n        self.fc.cuda()\n"),
    ("    def forward(self, x):\n        return self.fc(x)\n",
     "    def forward(self, x):\n        return self.fc(x)\n\n"
     "    def extra(self):\n        return self.fc.weight.add_(1)\n"),
    ("    def forward(self, x):\n        return self.fc(x)\n", ""),
    ("def forward(self, x):", "def predict(self, x):"),
    ("return self.fc(x)", "return self.fc(x.cuda())"),
])
def test_edits_inside_methods_of_a_class(every_statement_recorded, before: str, after: str):
    parser = IncrementalParser()
    edited = CALLS.replace(before, after)
    assert edited != CALLS
    typed(parser, CALLS, edited, CALLS, edited)


@pytest.mark.parametrize("seed", range(3))
def test_statement_edits_with_every_statement_recorded(every_statement_recorded, seed: int):
    test_statement_level_edits_that_keep_the_file_valid(seed)

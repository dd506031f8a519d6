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
    incremental = analyze_source(text, path, record_facts=True, parser=parser)
    full = analyze_source(text, path, record_facts=True)
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
    findings = analyze_source(edited, "doc.py", parser=parser).findings
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
    syntax = analyze_source(broken, "doc.py", parser=parser).findings
    assert [f.code for f in syntax] == ["TL000"]


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

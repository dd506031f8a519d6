"""A file that does not parse: TL000 where CPython says, and the findings of the statements that still parse."""

from __future__ import annotations

from tensorlens.analysis.engine import analyze_source
from tensorlens.analysis.guard import python_error
from tensorlens.analysis.incremental import IncrementalParser
from tensorlens.analysis.recovery import without_broken_statements
from tensorlens.rules import select_rules

RULES = select_rules()

LEAF = "import torch\n\nw = torch.randn(3, requires_grad=True)\nw.add_(1)\n"


def codes_and_lines(source: str) -> list[tuple[str, int]]:
    return [(f.code, f.span.line) for f in analyze_source(source, "doc.py", RULES).findings]


def test_a_broken_statement_is_blanked_and_every_other_line_keeps_its_number():
    source = "import torch\n\ndef broken(x:\n    return x\n\n@decorated\ndef fine():\n    pass\n"
    repaired = without_broken_statements(source)
    assert repaired is not None
    assert repaired.splitlines() == ["import torch", "", "", "", "", "@decorated", "def fine():", "    pass"]
    assert python_error(repaired, "<test>") is None


def test_a_broken_line_keeps_the_findings_of_the_rest_of_the_file():
    # Issue 21: a syntax error while typing wiped every other finding in the file.
    source = LEAF + "for x in range(3:\n    pass\n"
    assert codes_and_lines(source) == [("TL101", 4), ("TL000", 5)]


def test_the_broken_statement_is_the_whole_top_level_statement_around_the_error():
    source = ("import torch\n\nclass Net:\n    def f(self):\n        return self.g(\n\n"
              "    def g(self):\n        w = torch.randn(3, requires_grad=True)\n        w.add_(1)\n\n" + LEAF)
    # The class holding the error is left out, findings in it included; the rest is analyzed.
    assert codes_and_lines(source) == [("TL000", 5), ("TL101", 14)]


def test_a_clause_at_the_left_margin_belongs_to_its_statement():
    source = "import torch\nif True:\n    x = (\nelse:\n    y = 1\n" + LEAF
    repaired = without_broken_statements(source)
    assert repaired is not None and repaired.splitlines()[:5] == ["import torch", "", "", "", ""]
    assert ("TL101", 9) in codes_and_lines(source)


def test_a_file_that_cannot_be_repaired_reports_the_syntax_error_alone():
    assert without_broken_statements('x = """never closed\n' * 30) is None
    assert codes_and_lines("    indented = 1\n" + LEAF)[0][0] == "TL000"


def test_typing_through_a_syntax_error_incrementally_matches_a_fresh_analysis():
    parser = IncrementalParser()
    texts = [LEAF * 3, LEAF * 2 + "def f(x:\n" + LEAF, LEAF * 2 + "def f(x):\n" + LEAF,
             LEAF * 2 + "def f(x):\n    return (x\n" + LEAF]
    for text in texts:
        incremental = analyze_source(text, "doc.py", RULES, record_facts=True, parser=parser)
        fresh = analyze_source(text, "doc.py", RULES, record_facts=True)
        assert incremental.findings == fresh.findings
        assert incremental.facts == fresh.facts

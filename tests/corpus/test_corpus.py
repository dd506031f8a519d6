"""Precision and recall on realistic scripts modeled on PyTorch users' bug reports.

Each file in cases/ marks the lines where a finding must be reported with
``# expect: TLxxx``; every other line must stay clean for the rules the corpus
covers. The test prints precision and recall per rule and requires every
expected finding and no other.
"""

import re
from collections import Counter
from pathlib import Path

from tensorlens.analysis.engine import analyze_source
from tensorlens.rules import select_rules

CASES = Path(__file__).with_name("cases")
EXPECT = re.compile(r"#\s*expect:\s*((?:TL\d{3}[ ,]*)+)")
CORE_RULES = {"TL101", "TL201", "TL301"}


def expectations():
    expected = set()
    for path in sorted(CASES.glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = EXPECT.search(line)
            if match:
                for code in re.findall(r"TL\d{3}", match.group(1)):
                    expected.add((path.name, number, code))
    return expected


def test_corpus_precision_and_recall(capsys):
    expected = expectations()
    covered = CORE_RULES | {code for _, _, code in expected}
    found = set()
    for path in sorted(CASES.glob("*.py")):
        result = analyze_source(path.read_text(), path.name, select_rules())
        assert not result.internal_errors, result.internal_errors
        found |= {(path.name, f.span.line, f.code) for f in result.findings if f.code in covered}
    true_positives = Counter(code for _, _, code in found & expected)
    false_positives = Counter(code for _, _, code in found - expected)
    misses = Counter(code for _, _, code in expected - found)
    with capsys.disabled():
        for code in sorted(covered):
            tp, fp, fn = true_positives[code], false_positives[code], misses[code]
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"\n{code}: precision {precision:.2f} recall {recall:.2f} (tp={tp} fp={fp} fn={fn})", end="")
    assert found - expected == set(), "unexpected findings"
    assert expected - found == set(), "missed findings"

"""The real-bug corpus: every case is valid and proven by running it, and tensorlens's score holds its floors.

One test per case (so ``pytest -n`` spreads the proofs) checks case.toml and
the markers, then runs the bug and its fixed twin (FORMAT.md, "Running").
The scoring test prints the per-rule table and fails when a rule family's
precision or recall falls below its floor in floors.toml.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import FAMILY_CODES, case_folders, load_case, proof_problems
from score import format_details, format_table, load_cases, score_cases

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

FLOORS = Path(__file__).with_name("floors.toml")
TOLERANCE = 1e-9  # floors are written rounded down; equal means held


@pytest.mark.parametrize("folder", case_folders(), ids=lambda folder: f"{folder.parent.name}/{folder.name}")
def test_case_is_valid_and_proven(folder):
    case = load_case(folder)
    problems = proof_problems(case)
    assert not problems, f"{case.name} is not proven:\n" + "\n".join(problems)


@pytest.mark.timeout(1800)  # checks every case's bug/ and fixed/: minutes on a loaded 2-core machine
def test_score_holds_floors(capsys):
    cases, broken = load_cases()
    if not cases:
        pytest.skip("the corpus has no valid case yet")
    score = score_cases(cases)
    with capsys.disabled():
        print("\n" + format_table(score))
        if broken:
            print(f"({len(broken)} broken cases left out; their own tests say why)")
    floors = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    unknown = sorted(set(floors) - set(FAMILY_CODES))
    assert not unknown, f"floors.toml names unknown families: {unknown}"
    families_with_cases = {case.family for case in cases}
    fallen = []
    for family, tally in score.by_family().items():
        if family not in families_with_cases or family not in floors:
            continue
        for measure in ("precision", "recall"):
            value, floor = getattr(tally, measure), floors[family].get(measure, 0.0)
            if value is not None and value + TOLERANCE < floor:
                fallen.append(f"{family} {measure} {value:.3f} < floor {floor}")
    assert not fallen, "below the floors.toml ratchet:\n" + "\n".join(fallen) + "\n\n" + format_details(score)

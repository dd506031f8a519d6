"""Every fix on every real-world file the repository holds: the text parses, fixing again
changes nothing, no internal error, and no finding appears that was not there before."""

from collections import Counter
from pathlib import Path

import libcst as cst
import pytest

from tensorlens.fix.session import analyzer, fix_source

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("samples/**/*.py"), *ROOT.glob("tests/corpus/cases/*.py")])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_all_fixes_keep_the_file_sound(path):
    source = path.read_text()
    check = analyzer(str(path))
    result = fix_source(source, str(path), check, unsafe=True)
    assert not result.internal_errors, result.internal_errors
    if not result.changed:
        return
    cst.parse_module(result.text)
    before, _ = check(source)
    fixed_codes = Counter(f.code for f in result.fixed)
    assert Counter(f.code for f in result.remaining) <= Counter(f.code for f in before) - fixed_codes
    again = fix_source(result.text, str(path), check, unsafe=True)
    assert again.text == result.text and not again.fixed

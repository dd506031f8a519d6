"""The engine's parse skips libcst's per-node validation while the parser runs, and only then."""

from pathlib import Path

import libcst as cst
import pytest

from tensorlens.analysis.parsing import parse_module

ENGINE = Path(__file__).resolve().parents[2] / "tensorlens" / "analysis"


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py"))[:12], ids=lambda p: p.name)
def test_the_tree_is_libcsts_own(path):
    source = path.read_text()
    trusted = parse_module(source)
    assert trusted.deep_equals(cst.parse_module(source))
    assert trusted.code == source


def test_syntax_errors_are_still_raised():
    with pytest.raises(cst.ParserSyntaxError):
        parse_module("x = = 1\n")


def test_validation_is_back_for_trees_built_by_hand():
    parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("1x")

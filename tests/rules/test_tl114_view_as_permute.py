"""TL114 view-as-permute: each positive is run with torch to show the view scrambles what permute would move.

The flagged call is caught as it runs (its input and result). The finding names the order the sizes read
the input's dimensions in; permuting the input to that order and then reshaping gives a tensor of the same
shape with other values, so the view mixed elements across dimensions. Each negative runs and is not flagged.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import torch
from fixture_cases import fixture_cases
from snippets import findings, program, run_torch

CASES = fixture_cases("TL114")
PRELUDE = CASES.prelude
ORDER = re.compile(r"in another order \((?P<order>[\d, ]+)\)")


@contextmanager
def reshapes_at(line: int) -> Iterator[list[tuple[torch.Tensor, torch.Tensor]]]:
    """Every view/reshape the snippet runs at ``line``: its input and its result."""
    caught: list[tuple[torch.Tensor, torch.Tensor]] = []
    originals = {"view": torch.Tensor.view, "reshape": torch.Tensor.reshape}
    function = torch.reshape

    def at_line() -> bool:
        caller = sys._getframe(2)
        return caller.f_code.co_filename == "snippet.py" and caller.f_lineno == line

    def spy(name):
        def method(self, *sizes):
            result = originals[name](self, *sizes)
            if at_line():
                caught.append((self, result))
            return result
        return method

    def spy_function(tensor, shape):
        result = function(tensor, shape)
        if at_line():
            caught.append((tensor, result))
        return result

    torch.Tensor.view, torch.Tensor.reshape, torch.reshape = spy("view"), spy("reshape"), spy_function
    try:
        yield caught
    finally:
        torch.Tensor.view, torch.Tensor.reshape = originals["view"], originals["reshape"]
        torch.reshape = function


def permutation(order: list[int], rank: int) -> list[int]:
    """The input's dimensions in the order the finding names (each once), then the unit ones it leaves out."""
    named = list(dict.fromkeys(order))
    return named + [d for d in range(rank) if d not in named]


@pytest.mark.parametrize("source", CASES.bad.values(), ids=CASES.bad.keys())
def test_flags_and_the_view_scrambles(source):
    code = program(PRELUDE, source)
    found = findings(code, "TL114")
    assert len(found) == 1, found
    match = ORDER.search(found[0].message)
    assert match, found[0].message
    order = [int(d) for d in match["order"].split(",")]
    with reshapes_at(found[0].span.line) as caught:
        run_torch(code)
    assert caught, "the flagged view never ran"
    for given, viewed in caught:
        meant = given.permute(permutation(order, given.dim())).reshape(viewed.shape)
        assert meant.shape == viewed.shape
        assert not torch.equal(meant, viewed)


@pytest.mark.parametrize("source", CASES.good.values(), ids=CASES.good.keys())
def test_no_finding_and_it_runs(source):
    assert findings(program(PRELUDE, source), "TL114") == []
    run_torch(program(PRELUDE, source))

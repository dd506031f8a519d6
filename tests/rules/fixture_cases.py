"""Reads the per-rule fixture files ``tests/rules/fixtures/TLnnn.py``.

A fixture holds a rule's bad and good cases, Ruff style, in one Python file:
a module docstring, a prelude (the imports every case needs), then cases, each
opened by a ``# case: NAME`` line. A line that must get a finding ends in a
marker naming its severity and code, ``# error: TL102`` (several codes:
``# warning: TL104, TL104``). A case with a marker of the fixture's own code is
a bad case, one without is a good case. A marker may name another rule (one bug,
two findings: a discarded ``.to()`` and the op that then mixes devices); every
case of that fixture is then checked for that code too.

Each case is analyzed alone: :meth:`Fixture.source_of` is the fixture's text
with every line outside the prelude and that case blanked, so the lines the
engine reports are the fixture's own line numbers.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

_CASE = re.compile(r"^# case: (?P<name>\S+)\s*$")
_MARKER = re.compile(r"#\s*(?P<severity>error|warning):\s*(?P<codes>TL\d{3}(?:\s*,\s*TL\d{3})*)\s*$")


@dataclass(frozen=True)
class Marker:
    """An expected finding: on fixture line ``line``, code ``code`` of severity ``severity``."""

    line: int
    code: str
    severity: str


@dataclass(frozen=True)
class Case:
    """One case: its name, its 1-based fixture lines ``first``..``last`` and the findings marked there."""

    name: str
    first: int
    last: int
    body: str
    markers: tuple[Marker, ...]

    def expected(self) -> Counter[tuple[int, str]]:
        """How many findings of each code each line must get."""
        return Counter((marker.line, marker.code) for marker in self.markers)


@dataclass(frozen=True)
class Fixture:
    """A rule's fixture file, split into its prelude and its cases."""

    code: str
    path: Path
    lines: tuple[str, ...]
    prelude_start: int
    prelude_end: int
    cases: dict[str, Case]

    @property
    def prelude(self) -> str:
        """The lines between the module docstring and the first case: what every case runs after."""
        return "\n".join(self.lines[self.prelude_start:self.prelude_end]).strip("\n") + "\n"

    @property
    def bad(self) -> dict[str, str]:
        """Body by name of every case that must get a finding of the fixture's rule."""
        return {name: case.body for name, case in self.cases.items()
                if any(marker.code == self.code for marker in case.markers)}

    @property
    def good(self) -> dict[str, str]:
        """Body by name of every case that must get no finding of the fixture's rule."""
        return {name: case.body for name, case in self.cases.items() if name not in self.bad}

    def checked_codes(self) -> set[str]:
        """The fixture's own code and every code a marker in it names: the codes its cases pin."""
        return {self.code} | {marker.code for case in self.cases.values() for marker in case.markers}

    def source_of(self, case: Case) -> str:
        """The fixture with every line but the prelude's and ``case``'s blanked (line numbers kept)."""
        kept = [text if index < self.prelude_end or case.first <= index + 1 <= case.last else ""
                for index, text in enumerate(self.lines)]
        return "\n".join(kept) + "\n"


def fixture_codes() -> list[str]:
    """The codes that have a fixture file, in order."""
    return sorted(path.stem for path in FIXTURES.glob("TL[0-9][0-9][0-9].py"))


@cache
def fixture_cases(code: str) -> Fixture:
    """The parsed fixture of rule ``code``."""
    path = FIXTURES / f"{code}.py"
    text = path.read_text(encoding="utf-8")
    lines = tuple(text.splitlines())
    docstring_end = _docstring_end(text)
    headers = [(index, match.group("name")) for index, line in enumerate(lines)
               if (match := _CASE.match(line))]
    if not headers:
        raise ValueError(f"{path}: no `# case:` line")
    cases: dict[str, Case] = {}
    for number, (header, name) in enumerate(headers):
        end = headers[number + 1][0] if number + 1 < len(headers) else len(lines)
        last = _last_code_line(lines, header + 1, end)
        if name in cases:
            raise ValueError(f"{path}:{header + 1}: case {name!r} twice")
        body_lines = lines[header + 1:last]
        markers = tuple(marker for offset, text in enumerate(body_lines)
                        for marker in _markers(header + 2 + offset, text))
        cases[name] = Case(name, header + 2, last, "\n".join(body_lines) + "\n", markers)
    return Fixture(code, path, lines, docstring_end, headers[0][0], cases)


def _docstring_end(text: str) -> int:
    """How many lines the module docstring takes (0 without one)."""
    module = ast.parse(text)
    first = module.body[0] if module.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.end_lineno or 0
    return 0


def _last_code_line(lines: tuple[str, ...], start: int, end: int) -> int:
    """The 1-based last line of a case: trailing blank lines and comments belong to the next case."""
    last = end
    while last > start and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
        last -= 1
    return last


def _markers(line: int, text: str) -> list[Marker]:
    match = _MARKER.search(text)
    if match is None:
        return []
    return [Marker(line, code.strip(), match.group("severity")) for code in match.group("codes").split(",")]

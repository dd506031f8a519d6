"""The ecosystem check's case files: regressions/ (false positives) and misses/ (false negatives).

Each case file starts with a docstring saying where it came from, then directive comments:

- ``# regression: TLnnn`` / ``# miss: TLnnn``: the rule the case is about;
- ``# xfail: reason``: the engine does not get it right yet (the test is a strict xfail);
- ``# raises: ExceptionName``: running the file raises it (the proof that a miss is a bug);
- ``# message-excludes: text``: a regression about advice, not existence: no finding of the
  rule may say ``text``.

Lines that must carry a finding end with ``# expect: TLnnn``.
"""

import builtins
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
EXPECT = re.compile(r"#\s*expect:\s*((?:TL\d{3}[ ,]*)+)")
DIRECTIVE = re.compile(r"^#\s*(regression|miss|xfail|raises|message-excludes):\s*(.+?)\s*$")


@dataclass(frozen=True)
class CaseFile:
    """One case file and what its directives promise."""

    path: Path
    code: str
    xfail: Optional[str]
    raises: Optional[str]
    message_excludes: Optional[str]
    expected: Counter  # (line, code) -> how many findings that line must carry

    @property
    def name(self) -> str:
        return self.path.stem

    def expected_lines(self, code: str) -> Counter:
        return Counter({line: n for (line, c), n in self.expected.items() if c == code})

    def exception(self) -> Optional[type]:
        return getattr(builtins, self.raises) if self.raises else None


def read_case(path: Path) -> CaseFile:
    directives: dict[str, str] = {}
    expected: Counter = Counter()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        directive = DIRECTIVE.match(line)
        if directive:
            directives[directive.group(1)] = directive.group(2)
        match = EXPECT.search(line)
        if match:
            for code in re.findall(r"TL\d{3}", match.group(1)):
                expected[(number, code)] += 1
    code = directives.get("regression") or directives.get("miss")
    if code is None:
        raise ValueError(f"{path}: needs a `# regression: TLnnn` or `# miss: TLnnn` line")
    return CaseFile(path, code, directives.get("xfail"), directives.get("raises"),
                    directives.get("message-excludes"), expected)


def load_cases(folder: str) -> list[CaseFile]:
    """Every case file of ``regressions`` or ``misses``, by name."""
    return [read_case(path) for path in sorted((HERE / folder).glob("*.py"))]


def findings_by_file(cases: list[CaseFile]) -> dict[Path, list[dict]]:
    """One ``tensorlens check --format json --no-cache`` over all the cases, findings grouped by file."""
    done = subprocess.run([sys.executable, "-m", "tensorlens", "check", "--format", "json", "--no-cache",
                           *(str(c.path) for c in cases)], capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    grouped: dict[Path, list[dict]] = {c.path: [] for c in cases}
    for finding in json.loads(done.stdout):
        grouped[Path(finding["path"]).resolve()].append(finding)
    return grouped

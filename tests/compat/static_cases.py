"""Print, as JSON, what the static analyzer finds in every rule-test case and sample.

Run by tests/compat under each Python interpreter on the machine: it needs only
tensorlens (no torch, no pytest), and reads the rule tests' case tables with
``ast.literal_eval`` instead of importing them.
"""

from __future__ import annotations

import ast
import json
import sys
import textwrap
from pathlib import Path

from tensorlens.analysis.engine import analyze_source
from tensorlens.rules import select_rules

ROOT = Path(__file__).resolve().parents[2]


def case_tables(test_file: Path) -> dict[str, str]:
    tree = ast.parse(test_file.read_text())
    tables: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("PRELUDE", "POSITIVE", "NEGATIVE"):
                try:
                    tables[name] = ast.literal_eval(node.value)
                except ValueError:
                    pass
    prelude = textwrap.dedent(str(tables.get("PRELUDE", "")))
    cases = {}
    for table in ("POSITIVE", "NEGATIVE"):
        for name, case in dict(tables.get(table, {})).items():
            source = case[0] if isinstance(case, tuple) else case
            cases[f"{test_file.stem}:{table}:{name}"] = prelude + "\n" + textwrap.dedent(source)
    return cases


def main() -> int:
    sources = {}
    for test_file in sorted((ROOT / "tests" / "rules").glob("test_tl*.py")):
        sources.update(case_tables(test_file))
    for sample in sorted((ROOT / "samples").rglob("*.py")):
        sources[str(sample.relative_to(ROOT))] = sample.read_text()
    found = {}
    for name, source in sources.items():
        result = analyze_source(source, name, select_rules())
        found[name] = {
            "findings": [[f.code, f.span.line, f.span.column] for f in result.findings],
            "internal_errors": result.internal_errors,
        }
    json.dump(found, sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

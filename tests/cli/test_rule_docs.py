"""Rule documentation has one source: the docstrings, made into docs/rules/ pages and `tensorlens explain`."""

import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from tensorlens.catalogue import CATALOGUE, DISTRIBUTION, DOCUMENTATION_URL, documentation_url, rule_info
from tensorlens.rule_docs import pages, rule_page, rule_sources, write_pages
from tensorlens.rules import rule_classes

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "rules"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_committed_pages_are_the_generated_ones():
    committed = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")}
    stale = sorted(name for name, text in pages().items() if committed.get(name) != text)
    extra = sorted(set(committed) - set(pages()))
    assert not stale and not extra, f"docs/rules is stale (run `make docs`): differs {stale}, not generated {extra}"


def test_write_pages_replaces_a_stale_folder(tmp_path):
    (tmp_path / "TL999.md").write_text("a rule that is gone")
    (tmp_path / "TL101.md").write_text("an old page")
    write_pages(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(pages())
    assert (tmp_path / "TL101.md").read_text() == rule_page("TL101")


@pytest.mark.parametrize("code", ["TL000", "TL201"])
def test_explain_prints_the_page(code):
    result = subprocess.run([sys.executable, "-m", "tensorlens", "explain", code.lower()], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == rule_page(code)


def test_pages_read_the_same_docstrings_and_fix_availability_as_the_rule_classes():
    classes = rule_classes()
    assert set(rule_sources()) == set(classes)
    for code, rule in classes.items():
        assert rule_sources()[code].documentation == rule.documentation()
        assert rule_sources()[code].fixable == rule.fixable


def test_help_uri_is_the_documentation_url_of_pyproject():
    assert PYPROJECT["name"] == DISTRIBUTION
    assert PYPROJECT["urls"]["Documentation"] == DOCUMENTATION_URL == documentation_url()
    assert "tensorlens.dev" not in DOCUMENTATION_URL
    for code in CATALOGUE:
        assert rule_info(code).help_uri == f"{DOCUMENTATION_URL}/rules/{code}.md"
        assert (DOCS / f"{code}.md").is_file()


def test_page_title_names_code_name_and_severity():
    assert rule_page("TL104").startswith("# TL104 graph-accumulation (warning)\n\n## What it does\n")

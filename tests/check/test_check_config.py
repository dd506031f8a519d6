"""[tool.tensorlens]: discovery, rule selection layers, per-file-ignores, excludes, and errors."""

import pytest
from check_helpers import LEAF_BUG, run_tensorlens, write

from tensorlens.project.config import ConfigError, ConfigFinder, RuleSelection, load_config, resolve_selection
from tensorlens.project.files import collect_files

DEVICE_BUG = "import torch\nx = torch.ones(3).cuda() + torch.ones(3)\n"


def codes_of(result):
    return sorted({line.split()[1] for line in result.stdout.splitlines() if ": TL" in line})


def paths_of(result):
    return sorted({line.split(":")[0] for line in result.stdout.splitlines() if ": TL" in line})


@pytest.mark.parametrize("layers, expected", [
    ([], "all"),
    # a file that does not parse is reported (TL000) unless an ignore names it
    ([RuleSelection(select=("TL1",))], {"TL000", "TL101", "TL102", "TL103", "TL104", "TL105", "TL106", "TL107",
                                         "TL108", "TL109", "TL110", "TL111", "TL112", "TL113", "TL114"}),
    ([RuleSelection(select=("TL1",), ignore=("TL10",), extend_select=("TL101",))],
     {"TL000", "TL101", "TL110", "TL111", "TL112", "TL113", "TL114"}),
    ([RuleSelection(select=("TL101",), ignore=("TL101",))], {"TL000"}),  # same specificity: ignore wins
    ([RuleSelection(ignore=("TL1", "TL3", "TL4", "TL0"))], {"TL201", "TL202", "TL203", "TL204"}),
    # the command line's select replaces the file's select and ignore
    ([RuleSelection(select=("TL2",), ignore=("TL201",)), RuleSelection(select=("TL201", "TL301"))],
     {"TL000", "TL201", "TL301"}),
    # without a select of its own, it adds to what the file chose
    ([RuleSelection(select=("TL2",), ignore=("TL201",)), RuleSelection(extend_select=("TL301",), ignore=("TL202",))],
     {"TL000", "TL203", "TL204", "TL301"}),
    ([RuleSelection(select=("ALL",), ignore=("TL",))], set()),
])
def test_selection_layers(layers, expected):
    from tensorlens.catalogue import CATALOGUE

    assert resolve_selection(layers) == (set(CATALOGUE) if expected == "all" else expected)


def test_nearest_pyproject_with_a_table_wins(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.tensorlens]\nselect = ['TL2']\n",
        "pkg/pyproject.toml": "[project]\nname = 'no-table-here'\n",
        "pkg/sub/pyproject.toml": "[tool.tensorlens]\nignore = ['TL201']\n",
    })
    finder = ConfigFinder()
    assert finder.for_folder(str(tmp_path / "pkg")).path == str(tmp_path / "pyproject.toml")
    assert finder.for_folder(str(tmp_path / "pkg" / "sub" / "deeper")).selection.ignore == ("TL201",)
    assert finder.for_folder(str(tmp_path.parent)) is None


def located_codes(result):
    return [f"{line.split(':')[0]}:{line.split(':')[1]} {line.split()[1]}"
            for line in result.stdout.splitlines() if ": TL" in line]


def test_config_selects_per_project_and_cli_overrides(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.tensorlens]\nselect = ['TL2']\n",
        "a.py": LEAF_BUG + DEVICE_BUG,
        "legacy/pyproject.toml": "[tool.tensorlens]\nextend-select = []\nignore = ['TL201']\n",
        "legacy/b.py": LEAF_BUG + DEVICE_BUG,
    })
    assert located_codes(run_tensorlens("check", ".", cwd=tmp_path)) == ["a.py:5 TL201", "legacy/b.py:3 TL101"]
    assert located_codes(run_tensorlens("check", ".", "--select", "TL101", cwd=tmp_path)) == \
        ["a.py:3 TL101", "legacy/b.py:3 TL101"]
    assert located_codes(run_tensorlens("check", ".", "--extend-select", "TL101", cwd=tmp_path)) == \
        ["a.py:3 TL101", "a.py:5 TL201", "legacy/b.py:3 TL101"]
    assert run_tensorlens("check", ".", "--ignore", "TL", cwd=tmp_path).returncode == 0


def test_per_file_ignores(tmp_path):
    write(tmp_path, {
        "pyproject.toml": """\
            [tool.tensorlens.per-file-ignores]
            "tests/*.py" = ["TL101"]
            "__init__.py" = ["TL1"]
            "scripts/**/gen_*.py" = ["TL101"]
            """,
        "tests/test_a.py": LEAF_BUG,
        "tests/deep/test_b.py": LEAF_BUG,  # `*` crosses folders, as in Ruff
        "pkg/__init__.py": LEAF_BUG,
        "pkg/mod.py": LEAF_BUG,
        "scripts/gen_x.py": LEAF_BUG,
        "scripts/a/b/gen_y.py": LEAF_BUG,
    })
    result = run_tensorlens("check", ".", cwd=tmp_path)
    assert paths_of(result) == ["pkg/mod.py"]
    # the same file named on the command line, from another folder, is governed alike
    assert run_tensorlens("check", tmp_path / "tests" / "test_a.py").returncode == 0


def test_exclude_and_extend_exclude(tmp_path):
    files = {"src/a.py": LEAF_BUG, "src/generated/g.py": LEAF_BUG, "build/b.py": LEAF_BUG,
             "src/skip_me.py": LEAF_BUG, "other/generated/h.py": LEAF_BUG}
    write(tmp_path, {**files, "pyproject.toml": "[tool.tensorlens]\nextend-exclude = ['src/generated', 'skip_*.py']\n"})
    assert paths_of(run_tensorlens("check", ".", cwd=tmp_path)) == ["other/generated/h.py", "src/a.py"]
    # `exclude` replaces the defaults (build/ is checked again)
    (tmp_path / "pyproject.toml").write_text("[tool.tensorlens]\nexclude = ['generated']\n")
    assert paths_of(run_tensorlens("check", ".", cwd=tmp_path)) == ["build/b.py", "src/a.py", "src/skip_me.py"]
    # a path named on the command line is checked even when excluded
    assert paths_of(run_tensorlens("check", "src/generated/g.py", cwd=tmp_path)) == ["src/generated/g.py"]
    # running from a sub-folder, patterns stay relative to the pyproject.toml
    (tmp_path / "pyproject.toml").write_text("[tool.tensorlens]\nextend-exclude = ['src/generated']\n")
    assert paths_of(run_tensorlens("check", ".", cwd=tmp_path / "src")) == ["a.py", "skip_me.py"]


def test_a_folder_inside_a_virtualenv_named_on_the_command_line_is_checked(tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.tensorlens]\n", ".venv/lib/pkg/a.py": LEAF_BUG})
    assert paths_of(run_tensorlens("check", ".venv/lib/pkg", cwd=tmp_path)) == [".venv/lib/pkg/a.py"]
    assert paths_of(run_tensorlens("check", ".", cwd=tmp_path)) == []


@pytest.mark.parametrize("table, message", [
    ("selec = ['TL1']", "pyproject.toml: [tool.tensorlens] unknown key `selec`"),
    ("extend_select = ['TL1']", "unknown key `extend_select` (did you mean `extend-select`?)"),
    ("select = 'TL1'", "`select` must be a list of strings, got a string"),
    ("ignore = [101]", "`ignore` must be a list of strings, got an array holding an integer"),
    ("select = ['TL999']", "`select`: unknown rule code or prefix: 'TL999'"),
    ("extend-select = ['XY']", "`extend-select`: unknown rule code or prefix: 'XY'"),
    ("exclude = 'build'", "`exclude` must be a list of strings"),
    ("per-file-ignores = ['x']", "`per-file-ignores` must be a table"),
    ("per-file-ignores = {'tests/*' = ['TL9']}", "`per-file-ignores.\"tests/*\"`: unknown rule code or prefix"),
    ("per-file-ignores = {'tests/*' = 'TL1'}", "`per-file-ignores.\"tests/*\"` must be a list of strings"),
])
def test_invalid_configuration_is_one_line_naming_file_and_key(tmp_path, table, message):
    write(tmp_path, {"pyproject.toml": f"[tool.tensorlens]\n{table}\n", "a.py": LEAF_BUG})
    result = run_tensorlens("check", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("tensorlens: error: pyproject.toml: ") and message in line, line


def test_invalid_toml_and_a_non_table(tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.tensorlens\n", "a.py": LEAF_BUG})
    result = run_tensorlens("check", "a.py", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("tensorlens: error: pyproject.toml: not valid TOML")
    (tmp_path / "pyproject.toml").write_text("[tool]\ntensorlens = 3\n")
    result = run_tensorlens("check", "a.py", cwd=tmp_path)
    assert result.returncode == 2 and "[tool.tensorlens] must be a table" in result.stderr


def test_configuration_outside_the_current_folder_is_named_in_full(tmp_path):
    write(tmp_path, {"proj/pyproject.toml": "[tool.tensorlens]\nselect = ['nope']\n", "proj/a.py": LEAF_BUG,
                     "elsewhere/x.txt": ""})
    result = run_tensorlens("check", tmp_path / "proj", cwd=tmp_path / "elsewhere")
    assert result.returncode == 2
    assert f"{tmp_path / 'proj' / 'pyproject.toml'}: [tool.tensorlens] `select`" in result.stderr


def test_load_config_unit(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.other]\nx = 1\n")
    assert load_config(str(path)) is None
    path.write_text("[tool.tensorlens]\nselect = ['TL1']\n[tool.tensorlens.per-file-ignores]\n'a/*' = ['TL101']\n")
    config = load_config(str(path))
    assert config.selection.select == ("TL1",)
    assert config.ignored_codes(str(tmp_path / "a" / "x.py")) == {"TL101"}
    assert config.ignored_codes(str(tmp_path / "b" / "x.py")) == frozenset()
    path.write_text("[tool.tensorlens]\nbogus = 1\n")
    with pytest.raises(ConfigError):
        load_config(str(path))


def test_collect_files_attaches_the_governing_config(tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.tensorlens]\n", "a.py": "", "sub/b.py": ""})
    files = collect_files([str(tmp_path)], finder=ConfigFinder())
    assert [f.config.path for f in files] == [str(tmp_path / "pyproject.toml")] * 2
    assert all(f.config is None for f in collect_files([str(tmp_path)]))


def test_force_exclude_applies_to_named_paths_for_pre_commit(tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.tensorlens]\nextend-exclude = ['generated', 'legacy/*.py']\n",
                     "src/generated/g.py": LEAF_BUG, "legacy/old.py": LEAF_BUG, "src/a.py": LEAF_BUG,
                     "build/b.py": LEAF_BUG})
    named = ["src/generated/g.py", "legacy/old.py", "src/a.py", "build/b.py"]
    assert paths_of(run_tensorlens("check", *named, cwd=tmp_path)) == sorted(named)
    assert paths_of(run_tensorlens("check", *named, "--force-exclude", cwd=tmp_path)) == ["src/a.py"]
    assert paths_of(run_tensorlens("check", "src/generated", "--force-exclude", cwd=tmp_path)) == []
    # from a sub-folder the patterns stay relative to the configuration
    assert paths_of(run_tensorlens("check", "generated/g.py", "a.py", "--force-exclude", cwd=tmp_path / "src")) == \
        ["a.py"]


def test_the_pre_commit_hook_entry_honours_the_projects_excludes(tmp_path):
    """pre-commit runs the manifest's entry with every staged file appended."""
    from pathlib import Path

    manifest = (Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = next(line.split(":", 1)[1].split() for line in manifest.splitlines() if line.strip().startswith("entry:"))
    assert entry[:2] == ["tensorlens", "check"]
    write(tmp_path, {"pyproject.toml": "[tool.tensorlens]\nextend-exclude = ['generated']\n",
                     "generated/g.py": LEAF_BUG, "src/a.py": LEAF_BUG})
    result = run_tensorlens(*entry[1:], "generated/g.py", "src/a.py", cwd=tmp_path)
    assert result.returncode == 1
    assert paths_of(result) == ["src/a.py"]


def test_a_file_named_twice_or_through_a_link_is_checked_once(tmp_path):
    import os

    write(tmp_path, {"src/a.py": LEAF_BUG})
    os.symlink(tmp_path / "src" / "a.py", tmp_path / "link.py")
    files = collect_files([str(tmp_path / "src"), str(tmp_path / "src" / "a.py"), str(tmp_path / "link.py")])
    assert len(files) == 1
    result = run_tensorlens("check", "src", "src/a.py", cwd=tmp_path)
    assert result.stdout.count(": TL101") == 1


def test_narrowing_the_rules_still_reports_a_file_that_does_not_parse(tmp_path):
    write(tmp_path, {"broken.py": "def f(:\n", "pyproject.toml": "[tool.tensorlens]\nselect = ['TL2']\n"})
    narrowed = run_tensorlens("check", "broken.py", "--select", "TL1", cwd=tmp_path)
    assert narrowed.returncode == 1 and codes_of(narrowed) == ["TL000"]
    assert codes_of(run_tensorlens("check", "broken.py", cwd=tmp_path)) == ["TL000"]
    ignored = run_tensorlens("check", "broken.py", "--ignore", "TL000", cwd=tmp_path)
    assert ignored.returncode == 0 and codes_of(ignored) == []


def test_a_pyproject_nested_too_deeply_is_a_clear_configuration_error(tmp_path):
    """C7: a pyproject.toml whose arrays nest 100,000 deep (tomllib recurses) is one line, exit 2, no traceback."""
    write(tmp_path, {"a.py": "import torch\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n"})
    (tmp_path / "pyproject.toml").write_text("[tool.tensorlens]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run_tensorlens("check", "a.py", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == ("tensorlens: error: pyproject.toml: cannot be read: its arrays or tables nest too "
                             "deeply\n")

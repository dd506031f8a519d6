"""Suppression comments: line directives, multi-line statements, ignore-file, and warnings for bad codes."""

import pytest
from check_helpers import LEAF_BUG, run_tensorlens, write

from tensorlens.project.suppression import ALL_CODES, file_directive, needs_scan, scan
from tensorlens.results import Finding, Span


def finding(line, code="TL101"):
    return Finding("f.py", Span(line, 1, line, 5), code, "m")


@pytest.mark.parametrize("comment, suppressed", [
    ("# tensorlens: ignore[TL101]", True),
    ("# tensorlens: ignore[TL201]", False),
    ("# tensorlens: ignore[TL201, TL101]", True),
    ("# tensorlens: ignore[tl101]", True),
    ("# tensorlens: ignore", True),
    ("# noqa: TL101", True),
    ("# noqa:TL101", True),
    ("# NOQA: E501,TL101", True),
    ("# noqa: E501 TL101", True),
    ("# noqa", True),
    ("# noqa: E501", False),
    ("# noqa: TL201", False),
    ("# type: ignore  # tensorlens: ignore[TL101]", True),
    ("# tensorlens: ignore[TL1]", False),  # codes, not prefixes
    ("# some words about noqa", False),
])
def test_line_directives(comment, suppressed):
    directives = scan(f"x = 1\ny.add_(1)  {comment}\n")
    assert directives.suppresses(finding(2)) is suppressed
    assert not directives.suppresses(finding(1))


def test_a_directive_inside_a_string_is_not_a_comment():
    directives = scan('s = "# tensorlens: ignore"\nt = """\n# noqa\n"""\n')
    assert directives.lines == {} and directives.warnings == []
    assert not directives.suppresses(finding(1)) and not directives.suppresses(finding(3))


def test_multi_line_statement_takes_its_first_or_last_line():
    source = (
        "y = f(  # tensorlens: ignore[TL201]\n"
        "    a,\n"
        "    w.add_(1),\n"
        ")  # noqa: TL101\n"
        "z = g(\n"
        "    w.add_(1),  # tensorlens: ignore[TL101]\n"
        "    w.mul_(2),\n"
        ")\n"
    )
    directives = scan(source)
    assert directives.suppresses(finding(3, "TL101"))  # last line of its statement
    assert directives.suppresses(finding(2, "TL201"))  # first line of its statement
    assert directives.suppresses(finding(6, "TL101"))  # its own line
    assert not directives.suppresses(finding(7, "TL101"))  # a comment on another middle line does not count
    assert not directives.suppresses(finding(5, "TL101"))


def test_a_compound_statement_header_does_not_cover_its_body():
    source = "for p in ps:  # noqa: TL101\n    p.add_(1)\n"
    assert not scan(source).suppresses(finding(2))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_keep_line_numbers(newline):
    source = newline.join(["import torch", "x = 1", "w.add_(1)  # noqa: TL101", "w.add_(2)", ""])
    directives = scan(source)
    assert directives.suppresses(finding(3)) and not directives.suppresses(finding(4))


def test_form_feed_is_not_a_line_end():
    source = "import torch\n\x0cx = 1\nw.add_(1)  # noqa: TL101\n"
    assert scan(source).suppresses(finding(3))
    assert file_directive("\x0c# tensorlens: ignore-file\n").ignores_file()


def test_ignore_file_in_the_first_lines():
    whole = scan("#!/usr/bin/env python\n# tensorlens: ignore-file\nimport torch\n")
    assert whole.file_codes == ALL_CODES and whole.suppresses(finding(3, "TL201"))
    some = scan("# tensorlens: ignore-file[TL101]\nimport torch\n")
    assert some.suppresses(finding(9, "TL101")) and not some.suppresses(finding(9, "TL201"))
    assert file_directive("# tensorlens: ignore-file\n").ignores_file()
    assert not file_directive('"""\n# tensorlens: ignore-file\n"""\n').ignores_file()


def test_ignore_file_too_late_is_a_warning_and_ignored():
    source = "\n" * 10 + "# tensorlens: ignore-file\nw.add_(1)\n"
    directives = scan(source)
    assert directives.file_codes is None and not directives.suppresses(finding(12))
    [warning] = directives.warnings
    assert warning.line == 11 and "first 10 lines" in warning.message
    assert not file_directive(source).ignores_file()


@pytest.mark.parametrize("comment, message", [
    ("# tensorlens: ignore[TL999]", "unknown rule code 'TL999'"),
    ("# noqa: TL998", "unknown rule code 'TL998'"),
    ("# tensorlens: ignore[TL1]", "unknown rule code 'TL1'"),
    ("# tensorlens: ignore[]", "empty `[]`"),
    ("# tensorlens: ignore[TL101", "unclosed `[`"),
    ("# tensorlens: disable", "unknown directive `tensorlens: disable`"),
    ("# noqa:", "`noqa:` without codes"),
])
def test_bad_directives_are_warnings(comment, message):
    directives = scan(f"x = 1  {comment}\n")
    [warning] = directives.warnings
    assert (warning.line, warning.column) == (1, 8)
    assert message in warning.message


def test_unknown_code_does_not_hide_the_known_one():
    directives = scan("w.add_(1)  # tensorlens: ignore[TL999, TL101]\n")
    assert directives.suppresses(finding(1)) and len(directives.warnings) == 1


def test_other_tools_codes_are_theirs():
    assert scan("x = 1  # noqa: E501, F401\n").warnings == []


def test_a_file_that_does_not_tokenize_still_has_its_comments():
    source = "def f(:\n    x = 1  # noqa: TL101\ns = '''\n# tensorlens: ignore\n"
    directives = scan(source)
    assert directives.suppresses(finding(2)) and directives.suppresses(finding(1, "TL000")) is False
    # an unclosed bracket: the statement runs to the end, so its first line's comment covers it all
    unclosed = scan("import torch\ndef f(:  # noqa: TL000\n    pass\n")
    assert unclosed.suppresses(finding(3, "TL000")) and not unclosed.suppresses(finding(1, "TL000"))


def test_needs_scan_only_when_something_could_be_there():
    assert not needs_scan("import torch\n", has_findings=True)
    assert needs_scan("x = 1  # noqa\n", has_findings=True)
    assert not needs_scan("x = 1  # noqa: E501\n", has_findings=False)
    assert needs_scan("x = 1  # noqa: TL999\n", has_findings=False)
    assert needs_scan("# tensorlens: ignore-file\n", has_findings=False)


# --- through the command line ---------------------------------------------------------------------------------

BUGS = """\
import torch
w = torch.ones(3, requires_grad=True)
w.add_(1)  # tensorlens: ignore[TL101]
w.add_(2)  # noqa: TL101
w.add_(3)  # noqa
w.add_(4)  # noqa: E501
w.add_(5)  # tensorlens: ignore[TL999]
w.mul_(
    2,
)  # tensorlens: ignore
w.mul_(
    3,
)
"""


def test_cli_suppresses_and_warns(tmp_path):
    write(tmp_path, {"a.py": BUGS, "b.py": "# tensorlens: ignore-file\n" + LEAF_BUG,
                     "c.py": "# tensorlens: ignore-file[TL201]\n" + LEAF_BUG,
                     "d.py": "x = 1  # noqa: TL999\n"})
    result = run_tensorlens("check", ".", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines[:-2]] == ["a.py:6:1", "a.py:7:1", "a.py:11:1", "c.py:4:1"]
    assert lines[-1] == "Found 4 findings (4 errors) in 4 files."
    assert result.stderr.splitlines() == [
        "a.py:7:12: warning: unknown rule code 'TL999' in suppression comment (see `tensorlens rules`)",
        "d.py:1:8: warning: unknown rule code 'TL999' in suppression comment (see `tensorlens rules`)",
    ]


def test_warnings_do_not_change_the_exit_code(tmp_path):
    write(tmp_path, {"d.py": "x = 1  # tensorlens: ignore[TL999]\n"})
    result = run_tensorlens("check", "d.py", cwd=tmp_path)
    assert result.returncode == 0 and "warning: unknown rule code 'TL999'" in result.stderr


def test_a_suppressed_syntax_error(tmp_path):
    write(tmp_path, {"broken.py": "import torch\ndef f(:  # noqa: TL000\n    pass\n"})
    result = run_tensorlens("check", "broken.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_fix_leaves_suppressed_findings_alone(tmp_path):
    source = ("import torch\nw = torch.ones(3, requires_grad=True)\n"
              "for p in [w]:\n    p.add_(1)  # noqa: TL101\n")
    write(tmp_path, {"a.py": source})
    result = run_tensorlens("check", "a.py", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "a.py").read_text() == source

"""Applying many findings' edits to one text: order, sharing, clashes, positions, line endings."""

import pytest

from tensorlens.analysis.wrap import wrap_statement
from tensorlens.fix.diff import unified_diff
from tensorlens.fix.edits import apply_fixes
from tensorlens.results import Finding, Fix, Span, TextEdit


def finding(*edits, code="TL101", safe=True):
    """A finding whose fix is ``edits``: each ``(line, column, end_line, end_column, text)``."""
    text_edits = tuple(TextEdit(Span(*edit[:4]), edit[4]) for edit in edits)
    return Finding("f.py", Span(1, 1, 1, 2), code, "message", fix=Fix("fix", safe, text_edits))


def test_edits_apply_from_one_pass_in_source_order():
    source = "a = t.numpy()\nb = u.numpy()\n"
    result = apply_fixes(source, [finding((2, 6, 2, 6, ".cpu()")), finding((1, 6, 1, 6, ".cpu()"))])
    assert result.text == "a = t.cpu().numpy()\nb = u.cpu().numpy()\n"
    assert len(result.fixed) == 2 and not result.deferred


def test_the_same_edit_from_two_rules_is_applied_once_and_fixes_both():
    source = "n = t.numpy()\n"
    both = [finding((1, 6, 1, 6, ".detach().cpu()"), code="TL203"),
            finding((1, 6, 1, 6, ".detach().cpu()"), code="TL302")]
    result = apply_fixes(source, both)
    assert result.text == "n = t.detach().cpu().numpy()\n"
    assert [f.code for f in result.fixed] == ["TL203", "TL302"]


def test_a_clashing_fix_is_deferred_whole():
    source = "x = abcdef\n"
    first = finding((1, 5, 1, 8, "XYZ"))
    overlapping = finding((1, 7, 1, 10, "123"), (1, 11, 1, 11, "  # x"))
    result = apply_fixes(source, [overlapping, first])
    assert result.text == "x = XYZdef\n"  # none of the deferred fix's edits, not even the distant one
    assert result.fixed == [first] and result.deferred == [overlapping]


@pytest.mark.parametrize("second", [(1, 8, 1, 8, "!"), (1, 5, 1, 5, "!"), (1, 8, 1, 9, "!")])
def test_touching_edits_of_different_fixes_wait_for_the_next_pass(second):
    result = apply_fixes("x = abcdef\n", [finding((1, 5, 1, 8, "XYZ")), finding(second)])
    assert result.text == "x = XYZdef\n" and len(result.deferred) == 1


def test_two_insertions_at_one_point_with_different_text_clash():
    result = apply_fixes("t.numpy()\n", [finding((1, 2, 1, 2, ".cpu()")), finding((1, 2, 1, 2, ".detach()"))])
    assert result.text == "t.cpu().numpy()\n" and len(result.deferred) == 1


def test_edits_of_one_fix_may_touch_each_other():
    result = apply_fixes("x.add_(1)\n", [finding((1, 1, 1, 1, "x = "), (1, 3, 1, 7, "add"))])
    assert result.text == "x = x.add(1)\n"


def test_findings_without_a_fix_are_ignored():
    plain = Finding("f.py", Span(1, 1, 1, 2), "TL201", "message")
    assert apply_fixes("x = 1\n", [plain]).text == "x = 1\n"


def test_columns_count_characters_and_lines_keep_their_endings():
    source = "s = 'é'\r\nt.numpy()\r\n"
    result = apply_fixes(source, [finding((2, 2, 2, 2, ".cpu()")), finding((1, 6, 1, 7, "e"))])
    assert result.text == "s = 'e'\r\nt.cpu().numpy()\r\n"


def test_an_edit_at_the_very_end_without_a_newline():
    assert apply_fixes("t.numpy()", [finding((1, 10, 1, 10, ".copy()"))]).text == "t.numpy().copy()"


@pytest.mark.parametrize("bad", [(3, 1, 3, 1, "x"), (1, 40, 1, 41, "x"), (1, 5, 1, 2, "x")])
def test_an_edit_outside_the_text_raises_instead_of_corrupting(bad):
    with pytest.raises(ValueError):
        apply_fixes("x = 1\n", [finding(bad)])


def test_wrap_reindents_body_lines_but_not_string_continuations():
    lines = ["    p.add_(\n", "        1)\n", '    s = """a\n', '  b"""\n', "\n", "    # c\n"]
    end_column, text = wrap_statement(lines, 1, 5, 6, "with no_grad():", "    ", verbatim={4})
    assert end_column == 8
    assert text == ('with no_grad():\n        p.add_(\n            1)\n        s = """a\n  b"""\n\n        # c')


def test_wrap_refuses_a_statement_that_does_not_start_its_line():
    assert wrap_statement(["if x: p.add_(1)\n"], 1, 7, 1, "with no_grad():", "    ") is None


def test_diff_names_the_file_and_marks_a_missing_final_newline():
    diff = unified_diff("pkg/a.py", "x = 1\ny = 2", "x = 1\ny = 3")
    assert diff.splitlines()[:2] == ["--- pkg/a.py", "+++ pkg/a.py"]
    assert "-y = 2\n\\ No newline at end of file\n+y = 3\n\\ No newline at end of file\n" in diff
    assert unified_diff("a.py", "same\n", "same\n") == ""


def test_wrapping_the_last_line_of_a_crlf_file_keeps_crlf():
    """Issue 23 (cosmetic): the line the wrap inserts took a bare LF when the statement's line had no ending."""
    lines = ["import torch\r\n", "w.sum().backward()\r\n", "w -= 0.1 * w.grad"]
    end_column, text = wrap_statement(lines, 3, 1, 3, "with torch.no_grad():", "    ")
    assert text == "with torch.no_grad():\r\n    w -= 0.1 * w.grad"

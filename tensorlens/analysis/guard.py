"""What a text must pass before libcst parses it: CPython's own parser, and a depth the parser can afford.

libcst's parser is native code that no signal interrupts, and its time grows
with the square of a call or subscript chain's length: a 1,000-link chain
takes seconds, a 5,000-link one minutes, and about 1,200 nested calls
overflow its stack (a segfault that took the whole run down). CPython's parser
is fast and refuses the worst of these itself (more than 200 nested brackets,
100 indentation levels, expressions nested beyond its recursion limit), so
it runs first on any text that could be one of these: what it refuses is
TL000 with its message and position, as ``python file.py`` would report it.
What it accepts but nests deeper than :data:`MAX_EXPRESSION_DEPTH` is refused
as too deep to analyze, a clear per-file error instead of a parse that never
ends.

Running CPython's parser on every file would cost a tenth of the analysis, so
a scan at C speed (a twentieth of that parse) lets through texts whose
brackets never nest :data:`PLAIN_BRACKET_DEPTH` deep and whose lines are
shorter than :data:`PLAIN_LINE_LENGTH` (the torch package's deepest is 6
and longest 1,405). What slips through (a chain of thousands of links spread
over as many lines) is stopped by the per-file time limit of ``check``.
"""

from __future__ import annotations

import ast
import re
import threading
from dataclasses import dataclass
from itertools import accumulate
from typing import Optional, Union

from tensorlens.source_text import split_lines

# Deeper than this, an expression is refused: a subscript chain this deep already takes libcst about
# a second to parse, and the time grows with the square of the depth. Real code stays below 50.
MAX_EXPRESSION_DEPTH = 500

# Texts within both are handed to libcst without CPython's parse.
PLAIN_BRACKET_DEPTH = 50
PLAIN_LINE_LENGTH = 2_000

_ONLY_AST = ast.PyCF_ONLY_AST
_NOT_BRACKETS = re.compile(r"[^()\[\]{}]+")
_BRACKET_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


class NotForLibcst(Exception):
    """The text must not be handed to libcst."""


@dataclass(frozen=True)
class PythonError:
    """CPython's parser refuses the text: where and why, as it says it (1-based line and column)."""

    line: int
    column: int
    message: str


class PythonRejects(NotForLibcst):
    """CPython's parser refuses the text: a TL000."""

    def __init__(self, error: PythonError):
        super().__init__(error.message)
        self.error = error


class TooDeep(NotForLibcst):
    """CPython accepts the text, but an expression nests deeper than libcst can afford."""

    def __init__(self, line: int, depth: int):
        super().__init__(f"an expression at line {line} nests more than {depth} levels deep")
        self.line = line
        self.depth = depth


def _compile_ast(source: Union[str, bytes], path: str) -> ast.Module:
    """``compile()`` to an AST at the same stack depth wherever it is called from.

    CPython's AST construction gives up on deep nesting relative to the caller's own
    recursion depth, so the same text could parse at one call site and not at a deeper
    one; a fresh thread starts every verdict from the same depth."""
    outcome: list[Union[ast.Module, BaseException]] = []

    def run() -> None:
        try:
            outcome.append(compile(source, path, "exec", flags=_ONLY_AST, dont_inherit=True))
        except BaseException as error:  # handed to the caller's thread, raised there
            outcome.append(error)

    worker = threading.Thread(target=run, name="tensorlens-compile")
    worker.start()
    worker.join()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def python_error(source: Union[str, bytes], path: str) -> Optional[PythonError]:
    """CPython's parser's verdict on ``source`` (text, or bytes it decodes as Python does): None when it parses."""
    try:
        _compile_ast(source, path)
    except SyntaxError as error:
        return PythonError(max(error.lineno or 1, 1), max(error.offset or 1, 1), error.msg)
    except (ValueError, RecursionError, MemoryError) as error:  # null bytes (3.10), nesting beyond its limit
        return PythonError(1, 1, str(error) or type(error).__name__)
    return None


def screen(source: str, path: str) -> None:
    """Raise :class:`PythonRejects` or :class:`TooDeep` unless ``source`` is safe to hand to libcst."""
    if looks_plain(source):
        return
    try:
        tree = _compile_ast(source, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        error = python_error(source, path)
        assert error is not None
        raise PythonRejects(error) from None
    too_deep = deepest_expression(tree, source, MAX_EXPRESSION_DEPTH)
    if too_deep is not None:
        raise TooDeep(too_deep, MAX_EXPRESSION_DEPTH)


def looks_plain(source: str) -> bool:
    """Shallow brackets and short lines: nothing libcst could choke on (brackets in strings and comments
    count too, and a stray closing one never hides an opening one)."""
    if max(map(len, source.split("\n")), default=0) >= PLAIN_LINE_LENGTH:
        return False
    steps = map(_BRACKET_STEP.__getitem__, _NOT_BRACKETS.sub("", source))
    return max(accumulate(steps, _deeper), default=0) < PLAIN_BRACKET_DEPTH


def _deeper(depth: int, step: int) -> int:
    return depth + step if depth + step > 0 else 0


def deepest_expression(tree: ast.Module, source: str, limit: int) -> Optional[int]:
    """The line of an expression nested deeper than ``limit``, or None.

    Every level of an expression takes at least one character (``-x``,
    ``a.b``, ``x[0]``; parentheses add none), so only expressions spanning
    about ``limit`` characters or more are walked: statement lists are skimmed, and
    a normal file costs a walk over its statements, not its every node.
    """
    line_starts = _line_starts(source)
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.stmt, ast.excepthandler)) or not hasattr(child, "end_col_offset"):
                pending.append(child)  # statements, and containers without positions (arguments, withitem...)
            elif _span(child, line_starts) >= limit // 2 and _deeper_than(child, limit):
                # (half the limit: columns are UTF-8 bytes, line starts characters, and a span must not be
                # underestimated)
                return int(getattr(child, "lineno", 1))
    return None


def _line_starts(source: str) -> list[int]:
    """Offsets of each line's start, lines counted as CPython counts them (index 1 is line 1)."""
    starts = [0, 0]
    for line in split_lines(source):
        starts.append(starts[-1] + len(line))
    return starts


# Not every ast.AST has positions in its type (only statements and expressions do at run time).
_POSITIONS = ("lineno", "end_lineno", "col_offset", "end_col_offset")


def _span(node: ast.AST, line_starts: list[int]) -> int:
    line, end_line, column, end_column = (int(getattr(node, name)) for name in _POSITIONS)
    if end_line >= len(line_starts) or line >= len(line_starts):
        return len(line_starts)  # positions past what splitlines counts (form feeds...): walk it to be sure
    return line_starts[end_line] + end_column - line_starts[line] - column


def _deeper_than(node: ast.AST, limit: int) -> bool:
    pending = [(node, 1)]
    while pending:
        current, depth = pending.pop()
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in ast.iter_child_nodes(current))
    return False

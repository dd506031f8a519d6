"""Rewrite a program's CUDA to another device (``meta`` or ``cpu``) so its device bug can run on a CPU machine.

FORMAT.md's rewrite, done on tokens so comments and unrelated names stay as
written:

- ``torch.cuda.is_available()`` (and ``cuda.is_available()``) -> ``True``;
- ``torch.cuda.device_count()`` -> ``1`` (the one-GPU machine most reports come from);
- ``<expr>.cuda(...)`` -> ``<expr>.to("<target>")`` (the arguments, a GPU
  index or ``non_blocking=``, mean nothing on the target);
- the string literals ``"cuda"`` / ``"cuda:N"``, and an f-string that is
  only ``cuda:{...}``, -> ``"<target>"``.

Everything else (``torch.cuda.synchronize()``, ``torch.cuda.FloatTensor``...)
is left as written: a case that needs it must be trimmed so it does not.
"""

from __future__ import annotations

import io
import re
import token
import tokenize

CUDA_STRING = re.compile(r"cuda(:\d+)?")
CUDA_FSTRING = re.compile(r"cuda(:\{[^{}]*\})?")
STRING_PREFIX = re.compile(r"^([A-Za-z]*)(['\"]{3}|['\"])")
FSTRING_START = getattr(token, "FSTRING_START", None)  # Python 3.12+ splits f-strings into tokens


def rewrite_cuda(source: str, target: str) -> str:
    """``source`` with its CUDA rewritten to ``target``; unchanged when it does not tokenize."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
                  if t.type not in (tokenize.NL, tokenize.COMMENT)]
    except (tokenize.TokenError, SyntaxError):
        return source
    edits = []  # (start, end, text) with start/end as (row, col)
    index = 0
    while index < len(tokens):
        edit, consumed = _match(tokens, index, target)
        if edit:
            edits.append(edit)
        index += consumed
    return _apply(source, edits)


def _match(tokens: list, index: int, target: str):
    """The edit starting at ``tokens[index]`` (or None) and how many tokens it covers (at least 1)."""
    current = tokens[index]
    if current.type == tokenize.STRING:
        return (_string_edit(current, target), 1)
    if FSTRING_START is not None and current.type == FSTRING_START:
        return _split_fstring_edit(tokens, index, target)
    for function, value in (("is_available", "True"), ("device_count", "1")):
        if _names(tokens, index, ["cuda", ".", function, "(", ")"]):
            start = index - 2 if index >= 2 and _names(tokens, index - 2, ["torch", "."]) else index
            return ((tokens[start].start, tokens[index + 4].end, value), 5)
    if index > 0 and _names(tokens, index - 1, [".", "cuda", "("]):
        closing = _closing_paren(tokens, index + 1)
        if closing is not None:
            return ((current.start, tokens[closing].end, f'to("{target}")'), closing - index + 1)
    return (None, 1)


def _names(tokens: list, index: int, expected: list[str]) -> bool:
    window = tokens[index:index + len(expected)]
    return len(window) == len(expected) and [t.string for t in window] == expected


def _closing_paren(tokens: list, opening: int):
    depth = 0
    for position in range(opening, len(tokens)):
        text = tokens[position].string
        if tokens[position].type == tokenize.OP and text in "([{":
            depth += 1
        elif tokens[position].type == tokenize.OP and text in ")]}":
            depth -= 1
            if depth == 0:
                return position
    return None


def _string_edit(string_token, target: str):
    match = STRING_PREFIX.match(string_token.string)
    if not match:
        return None
    prefix, quote = match.group(1).lower(), match.group(2)
    body = string_token.string[len(match.group(0)):-len(quote)]
    if "b" in prefix:
        return None
    pattern = CUDA_FSTRING if "f" in prefix else CUDA_STRING
    if pattern.fullmatch(body):
        return (string_token.start, string_token.end, f'"{target}"')
    return None


def _split_fstring_edit(tokens: list, index: int, target: str):
    """Python 3.12+: an f-string is FSTRING_START ... FSTRING_END; rewrite it when it reads ``cuda:{...}``."""
    depth, end = 0, None
    for position in range(index, len(tokens)):
        if tokens[position].type == FSTRING_START:
            depth += 1
        elif tokens[position].type == token.FSTRING_END:
            depth -= 1
            if depth == 0:
                end = position
                break
    if end is None:
        return (None, 1)
    text = "".join(_fstring_piece(t) for t in tokens[index + 1:end])
    if CUDA_FSTRING.fullmatch(text):
        return ((tokens[index].start, tokens[end].end, f'"{target}"'), end - index + 1)
    return (None, end - index + 1)


def _fstring_piece(piece) -> str:
    return piece.string if piece.type == token.FSTRING_MIDDLE else piece.string if piece.string in "{}" else "x"


def _apply(source: str, edits: list) -> str:
    if not edits:
        return source
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position):
        row, col = position
        return starts[row - 1] + col

    pieces, cursor = [], 0
    for start, end, text in sorted(edits):
        pieces += [source[cursor:offset(start)], text]
        cursor = offset(end)
    pieces.append(source[cursor:])
    return "".join(pieces)

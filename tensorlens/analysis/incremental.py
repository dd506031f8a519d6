"""Reparse only what an edit touched, and resolve positions one top-level statement at a time.

An editor sends the whole text after every keystroke, but a keystroke changes
one top-level statement of a thousand-line file. The document's previous parse
is kept as a sequence of pieces (header, one chunk per top-level statement,
footer) whose texts concatenate to the source. A new text keeps the chunks of
its unchanged prefix and suffix as they are (the same node objects) and parses
only the middle; the positions of a chunk are resolved once, relative to its
own first line, and shifted by where the chunk starts now.

Anything the middle cannot stand for on its own (it does not parse alone, or
its text would not round-trip) falls back to a full parse, so the result is
always the module a full parse would give, up to which statement owns a
comment line.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Optional

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

from tensorlens.analysis.guard import NotForLibcst, python_error, screen
from tensorlens.analysis.memo import FunctionMemo
from tensorlens.analysis.parsing import parse_module
from tensorlens.analysis.statement_memo import DocumentMemo

DOCUMENTS_KEPT = 8


@dataclass(eq=False)
class Chunk:
    """One top-level statement, its exact text (leading comment lines included) and its positions."""

    node: cst.SimpleStatementLine | cst.BaseCompoundStatement
    text: str
    newlines: int
    _positions: Optional[dict[cst.CSTNode, CodeRange]] = field(default=None, repr=False)
    _nodes: Optional[list[cst.CSTNode]] = field(default=None, repr=False)

    def positions(self, module: cst.Module) -> dict[cst.CSTNode, CodeRange]:
        """Positions of every node in the statement, with line 1 the chunk's first line."""
        if self._positions is None:
            alone = cst.Module(body=[self.node], default_indent=module.default_indent,
                               default_newline=module.default_newline)
            self._positions = dict(MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider))
        return self._positions

    def nodes(self) -> list[cst.CSTNode]:
        """Every node of the statement, found without resolving positions (ten times cheaper)."""
        if self._nodes is None:
            self._nodes = _descendants(self.node)
        return self._nodes


@dataclass(eq=False)
class ParsedSource:
    """A module and the pieces its source text is made of (``chunks`` is None when it cannot be split)."""

    source: str
    module: cst.Module
    header_text: str = ""
    footer_text: str = ""
    chunks: Optional[list[Chunk]] = None
    _positions: Optional[ChunkedPositions] = field(default=None, repr=False)
    # The previous text's parse, whose index of statements this one takes over when it is first asked.
    _previous: Optional[ParsedSource] = field(default=None, repr=False)

    @property
    def positions(self) -> ChunkedPositions:
        if self._positions is None:
            inherited = self._previous._take_index() if self._previous is not None else None
            self._positions = ChunkedPositions(self, inherited)
        self._previous = None
        return self._positions

    def _take_index(self) -> Optional[_StatementIndex]:
        """Hand this parse's statement index to the next parse (it is no longer this one's)."""
        positions, self._positions, self._previous = self._positions, None, None
        return positions.index if positions is not None else None


@dataclass
class _StatementIndex:
    """Which top-level statement (chunk) each node belongs to, kept up to date across edits."""

    owner: dict[cst.CSTNode, Chunk]
    chunks: set[Chunk]

    def update(self, chunks: Sequence[Chunk]) -> None:
        """Make the index describe ``chunks``: forget the statements gone, add the new ones."""
        current = set(chunks)
        for gone in self.chunks - current:
            for node in gone.nodes():
                if self.owner.get(node) is gone:
                    del self.owner[node]
        for chunk in chunks:
            if chunk not in self.chunks:
                self.owner.update(dict.fromkeys(chunk.nodes(), chunk))
        self.chunks = current


class ChunkedPositions:
    """``positions[node]`` as libcst's PositionProvider gives it, built from the chunks' own positions.

    A statement's positions are resolved (libcst's code generation, the costly part) only when one
    of its nodes is asked for, and kept with the statement for the next edit; which statement a node
    belongs to comes from an index that an edit updates rather than rebuilds.
    """

    def __init__(self, parsed: ParsedSource, inherited: Optional[_StatementIndex] = None):
        assert parsed.chunks is not None
        self._module = parsed.module
        self.index = inherited if inherited is not None else _StatementIndex({}, set())
        self.index.update(parsed.chunks)
        self._shift: dict[Chunk, int] = {}
        line = parsed.header_text.count("\n")
        for chunk in parsed.chunks:
            self._shift[chunk] = line
            line += chunk.newlines

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        chunk = self.index.owner[node]
        shift = self._shift[chunk]
        where = chunk.positions(self._module)[node]
        if not shift:
            return where
        return CodeRange(CodePosition(where.start.line + shift, where.start.column),
                         CodePosition(where.end.line + shift, where.end.column))

    def __contains__(self, node: object) -> bool:
        return node in self.index.owner


def parse_whole(source: str) -> ParsedSource:
    """Parse the full text and split it into pieces; raises libcst's ParserSyntaxError, or the guard's
    :class:`NotForLibcst` for a text libcst must not see."""
    screen(source, "<document>")
    module = parse_module(source)
    parsed = ParsedSource(source, module)
    if "\r" in source:
        return parsed  # lines ending in a lone CR would be counted wrong; such files are parsed whole
    chunks = [_chunk(module, statement) for statement in module.body]
    header, footer = _lines_text(module, module.header), _lines_text(module, module.footer)
    pieces = [header, *(chunk.text for chunk in chunks), footer]
    if not module.has_trailing_newline:
        # The module's code drops the final newline its last piece's code ends with.
        last = max(i for i, piece in enumerate(pieces) if piece or i == 0)
        if pieces[last].endswith(module.default_newline):
            pieces[last] = pieces[last][:-len(module.default_newline)]
            if 0 < last <= len(chunks):
                chunks[last - 1].text = pieces[last]
            elif last == len(pieces) - 1:
                footer = pieces[last]
            else:
                header = pieces[last]
    if "".join(pieces) != source:
        return parsed
    parsed.header_text, parsed.footer_text, parsed.chunks = header, footer, chunks
    return parsed


class IncrementalParser:
    """Keeps the last parse of a few documents and reparses each new text of one incrementally."""

    def __init__(self, documents: int = DOCUMENTS_KEPT):
        self._documents: OrderedDict[str, ParsedSource] = OrderedDict()
        self._memos: dict[tuple[str, bool], DocumentMemo] = {}
        self._capacity = documents
        self._lock = threading.Lock()  # the language server may analyze in threads when it has no workers

    def parse(self, path: str, source: str) -> ParsedSource:
        """The parse of ``source``, reusing what is unchanged since ``path``'s previous text."""
        with self._lock:
            previous = self._documents.get(path)
        parsed = None
        if previous is not None:
            if previous.source == source:
                parsed = previous
            elif previous.chunks is not None:
                try:
                    parsed = reparse(previous, source)
                except cst.ParserSyntaxError:
                    # Typing breaks the file most of the time: when CPython's parser (fast) says so too,
                    # libcst's full parse (seconds on a big file) would only fail the same way.
                    if python_error(source, path) is not None:
                        raise
                    parsed = None
                except (RecursionError, NotForLibcst):
                    parsed = None
        if parsed is None:
            parsed = parse_whole(source)  # raises for a text that does not parse, and keeps the last good one
        with self._lock:
            self._documents[path] = parsed
            self._documents.move_to_end(path)
            while len(self._documents) > self._capacity:
                forgotten, _ = self._documents.popitem(last=False)
                for record_facts in (False, True):
                    self._memos.pop((forgotten, record_facts), None)
        return parsed

    def memo_for(self, path: str, record_facts: bool) -> FunctionMemo:
        """The function analyses recorded for ``path``'s previous analysis (in the same mode)."""
        with self._lock:
            return self._memos.setdefault((path, record_facts), DocumentMemo())


def reparse(previous: ParsedSource, source: str) -> Optional[ParsedSource]:
    """``source`` parsed by reusing ``previous``'s unchanged leading and trailing statements; None to
    parse it whole instead."""
    old = previous.chunks
    assert old is not None
    module = previous.module
    if "\r" in source:
        return None
    # The unchanged prefix: the header, then whole statements. A last statement without its newline
    # (a file that does not end in one) can only stay last.
    header_kept = source.startswith(previous.header_text)
    start, kept = (len(previous.header_text), 0) if header_kept else (0, 0)
    reusable = len(old) if module.has_trailing_newline else len(old) - 1
    while header_kept and kept < reusable and source.startswith(old[kept].text, start):
        start += len(old[kept].text)
        kept += 1
    # The unchanged suffix: the footer, then whole statements, never overlapping the prefix.
    end, resumed = len(source), len(old)
    footer_kept = source.endswith(previous.footer_text) and len(source) - len(previous.footer_text) >= start
    if footer_kept:
        end -= len(previous.footer_text)
        while resumed > kept and end - len(old[resumed - 1].text) >= start and \
                source.startswith(old[resumed - 1].text, end - len(old[resumed - 1].text)):
            end -= len(old[resumed - 1].text)
            resumed -= 1
    middle_text = source[start:end]
    if resumed < len(old) and middle_text and not middle_text.endswith("\n"):
        return None  # the edit joined a line onto the statement after it
    screen(middle_text, "<edit>")  # only what the edit touched: the rest passed when it was parsed
    middle = parse_module(middle_text)
    if middle.default_indent != module.default_indent and _has_indented_code(middle_text):
        return None  # its blocks would be indented by the wrong default
    if middle.default_newline != module.default_newline and "\n" in middle_text:
        return None

    # Comment and blank lines the middle parsed into its own header and footer belong, in order,
    # to the statement after them or to the module's header or footer.
    statements = list(middle.body)
    before, after = tuple(middle.header), tuple(middle.footer)
    header = tuple(module.header) if header_kept else ()
    if kept == 0:
        header, before = header + before, ()
    if before:
        if statements:
            statements[0] = statements[0].with_changes(leading_lines=(*before, *statements[0].leading_lines))
        else:
            after = before + after
    footer = tuple(module.footer) if footer_kept else ()
    if after:
        if resumed < len(old):
            following = old[resumed].node
            statements.append(following.with_changes(leading_lines=(*after, *following.leading_lines)))
            resumed += 1
        else:
            footer = after + footer
    assembled = module.with_changes(
        body=[*(chunk.node for chunk in old[:kept]), *statements, *(chunk.node for chunk in old[resumed:])],
        header=header, footer=footer,
        has_trailing_newline=source.endswith("\n") if source else middle.has_trailing_newline)
    # One statement with no lines after it is the whole middle text: no code generation
    # (tens of milliseconds for a big class) to learn it. The pieces are checked against the source anyway.
    # (The middle's leading blank and comment lines became the statement's own, unless the module's header took them.)
    alone = len(middle.body) == 1 and not middle.footer and (kept > 0 or not middle.header)
    known = [middle_text] if alone else None
    return _from_pieces(previous, assembled, source, old[:kept], statements, old[resumed:], known)


def _from_pieces(previous: ParsedSource, module: cst.Module, source: str, prefix: Sequence[Chunk],
                 statements: Sequence[cst.SimpleStatementLine | cst.BaseCompoundStatement],
                 suffix: Sequence[Chunk], texts: Optional[Sequence[str]] = None) -> Optional[ParsedSource]:
    """A ParsedSource from reused and new chunks (``texts``: the new ones' texts, when known), if their
    texts really make up ``source``."""
    if texts is not None and len(texts) == len(statements):
        middle = [Chunk(statement, text, text.count("\n")) for statement, text in zip(statements, texts)]
    else:
        middle = [_chunk(module, statement) for statement in statements]
    header, footer = _lines_text(module, module.header), _lines_text(module, module.footer)
    if not module.has_trailing_newline:
        if footer or suffix:
            pass  # the reused last piece already lacks the newline
        elif middle:
            if not middle[-1].text.endswith(module.default_newline):
                return None
            middle[-1].text = middle[-1].text[:-len(module.default_newline)]
        elif header.endswith(module.default_newline):
            header = header[:-len(module.default_newline)]
    chunks = [*prefix, *middle, *suffix]
    if len(header) + sum(len(chunk.text) for chunk in chunks) + len(footer) != len(source) or \
            "".join([header, *(chunk.text for chunk in chunks), footer]) != source:
        return None
    # The index is taken over from the last parse that built one; the chain stops there.
    indexed = previous if previous._positions is not None else previous._previous
    previous._previous = None
    return ParsedSource(source, module, header, footer, chunks, _previous=indexed)


def _chunk(module: cst.Module, statement: cst.SimpleStatementLine | cst.BaseCompoundStatement) -> Chunk:
    text = module.code_for_node(statement)
    return Chunk(statement, text, text.count("\n"))


def _lines_text(module: cst.Module, lines: Sequence[cst.EmptyLine]) -> str:
    return "".join(module.code_for_node(line) for line in lines) if lines else ""


def _has_indented_code(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped and stripped[0] != "#" and stripped != line:
            return True
    return False


_FIELDS: dict[type, tuple[str, ...]] = {}


def _descendants(root: cst.CSTNode) -> list[cst.CSTNode]:
    """``root`` and every node under it, by reading the node dataclasses' fields directly: libcst's own
    traversal (``children``, visitors) costs five times as much."""
    found: list[cst.CSTNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        found.append(node)
        names = _FIELDS.get(type(node))
        if names is None:
            names = _FIELDS[type(node)] = tuple(item.name for item in fields(node))
        for name in names:
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                stack.append(value)
            elif isinstance(value, (tuple, list)):
                stack.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found

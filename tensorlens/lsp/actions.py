"""Code actions: a finding's fix, a suppression comment, and fix-all for the file.

Every edit is computed from the analyzed version's text and sent with that
version, so a client applies it only to the text it was made for.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Sequence
from typing import Optional

from lsprotocol import types

from tensorlens.lsp.analyses import Outcome
from tensorlens.lsp.diagnostics import to_diagnostic
from tensorlens.lsp.positions import to_range
from tensorlens.results import Finding, Span, TextEdit

FIX_ALL_KIND = "source.fixAll.tensorlens"
FIX_ALL_TITLE = "Fix all TensorLens safe fixes in this file"

_IGNORE_LIST = re.compile(r"#\s*tensorlens:\s*ignore\s*\[([^\]]*)\]", re.IGNORECASE)
_NO_TOKENS_AT_LINE_END = {tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
                          tokenize.ENDMARKER}


class ActionContext:
    """What building a document's actions needs: its analysis, URI, version and the client's encoding."""

    def __init__(self, uri: str, outcome: Outcome, encoding: str, document_changes: bool):
        self.uri = uri
        self.outcome = outcome
        self.encoding = encoding
        self.document_changes = document_changes
        self._comments: Optional[dict[int, int]] = None
        self._no_room: set[int] = set()

    def workspace_edit(self, edits: Sequence[TextEdit]) -> types.WorkspaceEdit:
        lsp_edits = [types.TextEdit(range=to_range(self.outcome.lines, edit.span, self.encoding), new_text=edit.text)
                     for edit in edits]
        if self.document_changes:
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=self.uri, version=self.outcome.version)
            return types.WorkspaceEdit(document_changes=[
                types.TextDocumentEdit(text_document=identifier, edits=lsp_edits)])
        return types.WorkspaceEdit(changes={self.uri: lsp_edits})

    def diagnostic(self, finding: Finding) -> types.Diagnostic:
        return to_diagnostic(self.uri, self.outcome.lines, finding, self.encoding)

    # --- where a comment can go -------------------------------------------------------

    def _scan(self) -> None:
        """Find each line's comment and the lines whose end lies inside a token (a multi-line string)."""
        self._comments = {}
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.outcome.source).readline):
                if token.type == tokenize.COMMENT:
                    self._comments[token.start[0]] = token.start[1]
                elif token.type not in _NO_TOKENS_AT_LINE_END and token.end[0] > token.start[0]:
                    self._no_room.update(range(token.start[0], token.end[0]))
        except (tokenize.TokenError, SyntaxError):
            self._comments = None

    def suppression_edit(self, line: int, code: str) -> Optional[TextEdit]:
        """Add ``code`` to the line's ``# tensorlens: ignore[...]`` comment, or append one."""
        if self._comments is None:
            self._scan()
        if self._comments is None or line in self._no_room or not 1 <= line <= len(self.outcome.lines):
            return None
        text = self.outcome.lines[line - 1]
        start = self._comments.get(line)
        if start is not None:
            existing = _IGNORE_LIST.search(text, start)
            if existing is not None:
                codes = [c.strip() for c in existing.group(1).split(",") if c.strip()]
                if code in (c.upper() for c in codes):
                    return None
                span = Span(line, existing.start(1) + 1, line, existing.end(1) + 1)
                return TextEdit(span, ", ".join([*codes, code]))
            end = len(text.rstrip()) + 1
            return TextEdit(Span(line, end, line, len(text) + 1), f"  # tensorlens: ignore[{code}]")
        content = text.rstrip()
        if content.endswith("\\"):
            return None  # a comment after a line continuation is a syntax error
        return TextEdit(Span(line, len(content) + 1, line, len(text) + 1), f"  # tensorlens: ignore[{code}]")


def _overlaps(span: Span, line: int, column: int, end_line: int, end_column: int) -> bool:
    return (span.line, span.column) <= (end_line, end_column) and (line, column) <= (span.end_line, span.end_column)


def _wanted(kind: str, only: Optional[Sequence[str]]) -> bool:
    if not only:
        return True
    return any(kind == prefix or kind.startswith(prefix + ".") for prefix in only)


def code_actions(context: ActionContext, start: tuple[int, int], end: tuple[int, int],
                 only: Optional[Sequence[str]]) -> list[types.CodeAction]:
    """Actions for the findings touching the 1-based range ``start``..``end``, then fix-all."""
    actions: list[types.CodeAction] = []
    findings = context.outcome.result.findings
    if _wanted(types.CodeActionKind.QuickFix, only):
        for finding in findings:
            if not _overlaps(finding.span, *start, *end):
                continue
            diagnostic = context.diagnostic(finding)
            if finding.fix is not None and finding.fix.edits:
                actions.append(types.CodeAction(
                    title=f"{finding.code}: {finding.fix.description}" + ("" if finding.fix.safe else " (unsafe)"),
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    is_preferred=finding.fix.safe or None, edit=context.workspace_edit(finding.fix.edits)))
            if finding.code == "TL000":
                continue  # a syntax error is fixed, not silenced
            edit = context.suppression_edit(finding.span.line, finding.code)
            if edit is not None:
                actions.append(types.CodeAction(
                    title=f"Suppress {finding.code} on this line", kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic], edit=context.workspace_edit([edit])))
    if _wanted(FIX_ALL_KIND, only):
        fix_all = fix_all_action(context)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def fix_all_action(context: ActionContext) -> Optional[types.CodeAction]:
    """One edit with every safe fix of the file that does not clash with an earlier one."""
    from tensorlens.fix.edits import apply_fixes

    safe = [f for f in context.outcome.result.findings if f.fix is not None and f.fix.safe and f.fix.edits]
    if not safe:
        return None
    try:
        applied = apply_fixes(context.outcome.source, safe)
    except ValueError:  # an edit outside the text: a rule's bug; offer nothing rather than a broken file
        return None
    edits: list[TextEdit] = []
    for finding in applied.fixed:
        if finding.fix is not None:
            edits.extend(edit for edit in finding.fix.edits if edit not in edits)
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND,
                            diagnostics=[context.diagnostic(f) for f in applied.fixed],
                            edit=context.workspace_edit(edits))

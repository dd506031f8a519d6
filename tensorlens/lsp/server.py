"""``tensorlens lsp``: diagnostics, quick fixes and tensor-fact hovers for any LSP editor.

Each feature is one function that converts protocol types and schedules
work; the analysis itself runs in worker processes (:mod:`analyses`), once
per document version, and its result serves diagnostics, code actions and
hovers alike. Clients that pull diagnostics (``textDocument/diagnostic``) get
them only by pulling; the others get ``publishDiagnostics`` pushed, with the
document version.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import sys
from collections.abc import Callable
from typing import Any, Optional
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from tensorlens import __version__
from tensorlens.lsp import actions, hover, inlay, notebooks
from tensorlens.lsp.analyses import AnalysisScheduler, Outcome
from tensorlens.lsp.diagnostics import to_diagnostics
from tensorlens.lsp.pool import WorkerPool
from tensorlens.lsp.positions import from_position, split_lines
from tensorlens.lsp.progress import AnalysisProgress
from tensorlens.lsp.project import ProjectRules
from tensorlens.lsp.protocol import UNPARSABLE, SpecProtocol
from tensorlens.lsp.settings import SECTION, ClientSettings
from tensorlens.lsp.worker import AnalysisJob

# Above this many lines, hovers are given up: recording facts makes the engine resolve every
# position, about half its time, even in a file without findings.
MAX_LINES_WITH_FACTS = 20_000
# How long a request waits for the analysis of the text on screen (a pull then answers "nothing yet"
# and asks the client to pull again once the analysis is in).
WAIT_FOR_ANALYSIS_S = float(os.environ.get("TENSORLENS_LSP_WAIT_S", "10"))
PYTHON_SUFFIXES = (".py", ".pyi")


# Jupyter notebooks' Python cells come as notebookDocument/* (LSP 3.17); the server analyzes each notebook
# as one module and publishes on the cells.
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[types.NotebookDocumentFilterWithCells(
        notebook="jupyter-notebook", cells=[types.NotebookCellLanguage(language="python")])],
    save=True)


class TensorLensServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("tensorlens", __version__, protocol_cls=SpecProtocol, notebook_document_sync=NOTEBOOK_SYNC)
        self.client_settings = ClientSettings()
        self.project_rules = ProjectRules(self.client_settings, self.warn_once)
        self.pull_diagnostics = False
        self.shut_down = False
        self.pool = WorkerPool(size=min(2, os.cpu_count() or 1), log=self.log_error)
        self.analyses = AnalysisScheduler(self.pool, self.on_outcome, self.log_error)
        self.result_counter = itertools.count(1)
        self._result_ids: dict[str, tuple[Outcome, str]] = {}
        self._facts: dict[str, tuple[Outcome, hover.FactIndex]] = {}
        self._warned: set[tuple[str, str]] = set()
        self._without_facts: set[str] = set()  # documents too long for hovers
        self._owed_pulls: set[str] = set()  # pulled before their analysis was in: refresh when it is
        self._layouts: dict[str, notebooks.CellLayout] = {}  # each open notebook's latest submitted cells
        self._published_cells: dict[str, set[str]] = {}  # the cells of each notebook that have diagnostics
        self.analysis_progress = AnalysisProgress(lambda: self.work_done_progress,
                                         lambda: bool(_capability(self.client_capabilities, "window",
                                                                  "work_done_progress")))

    # --- messages to the client -----------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def log_error(self, message: str) -> None:
        self.log(message, types.MessageType.Error)

    def log_once(self, uri: str, message: str) -> None:
        if (uri, message) not in self._warned:
            self._warned.add((uri, message))
            self.log(message, types.MessageType.Warning)

    def warn_once(self, key: str, message: str) -> None:
        """A problem the user must see (a broken configuration): a pop-up, once, and the log."""
        if (key, message) not in self._warned:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        self.log_once(key, message)

    def report_server_error(self, error: Exception, source: Any) -> None:
        # A bad message or a failing handler is logged, never shown as a pop-up, never fatal.
        if isinstance(error, UNPARSABLE) and isinstance(self.protocol, SpecProtocol):
            self.protocol.answer_parse_error(error)
        try:
            kind = types.MessageType.Log if isinstance(error, JsonRpcMethodNotFound) else types.MessageType.Error
            self.log(f"TensorLens server error ({getattr(source, '__name__', source)}): {error!r}", kind)
        except Exception:
            logging.getLogger(__name__).exception("cannot report a server error")

    @property
    def encoding(self) -> str:
        return self.workspace.position_encoding or types.PositionEncodingKind.Utf16

    # --- documents and analyses ---------------------------------------------------------------

    def open_document(self, uri: str) -> Optional[TextDocument]:
        document: Optional[TextDocument] = self.workspace.text_documents.get(unquote(uri))
        return document

    def notebook_of(self, cell_uri: str) -> Optional[str]:
        """The URI of the open notebook holding this cell document, if it is one."""
        notebook = self.workspace.get_notebook_document(cell_uri=cell_uri)
        return None if notebook is None else notebook.uri

    def analyze(self, uri: str) -> None:
        """Schedule the analysis of the open document's current text (a cell's: its whole notebook's)."""
        notebook_uri = self.notebook_of(uri)
        if notebook_uri is not None or self.workspace.get_notebook_document(notebook_uri=uri) is not None:
            self.analyze_notebook(notebook_uri or uri)
            return
        document = self.open_document(uri)
        if document is None or not _is_python(document):
            return
        self._submit(uri, document.version, document.source, document.path, document.filename or document.path,
                     lambda: self.publish(uri, document.version, []))

    def analyze_notebook(self, uri: str) -> None:
        """Schedule the analysis of the open notebook's code cells, as one module."""
        layout = notebooks.snapshot(self.workspace, uri)
        if layout is None:
            return
        self._layouts[uri] = layout
        path = to_fs_path(uri) or uri
        self._submit(uri, layout.version, layout.notebook.source, path, os.path.basename(path),
                     lambda: self.publish_cells(uri, layout, {}))

    def _submit(self, uri: str, version: Optional[int], source: str, path: str, filename: str,
                publish_nothing: Callable[[], None]) -> None:
        codes = self.project_rules.codes_for(path, self.workspace_roots()) if self.client_settings.enable else None
        if codes is None:  # turned off, or excluded by the project's configuration
            self.analyses.forget(uri)
            self.analysis_progress.finished(uri)
            publish_nothing()
            return
        # The limits `check` applies (max-file-size, token density): a 1.2 MB, 50,000-line file already takes
        # about 770 MB and 40 s in a worker.
        limits = self.project_rules.limits_for(path)
        too_big = limits.size_problem(len(source) if source.isascii() else len(source.encode("utf-8", "replace")))
        problem = too_big or limits.density_problem(source)
        if problem is not None:
            self.log_once(uri, f"TensorLens: {filename}: {problem}")
            self.analyses.forget(uri)
            self.analysis_progress.finished(uri)
            publish_nothing()
            return
        record_facts = source.count("\n") < MAX_LINES_WITH_FACTS
        self._without_facts.discard(uri)
        if not record_facts:
            self._without_facts.add(uri)
            self.log_once(uri, f"TensorLens: {filename} has more than {MAX_LINES_WITH_FACTS:,} lines; "
                               f"diagnostics only, no tensor hovers")
        src = self.project_rules.src_for(path)
        self.analyses.submit(uri, version, AnalysisJob(source, path, codes, record_facts, src, limits.max_seconds))
        self.analysis_progress.started(uri, path)

    def close_document(self, uri: str) -> None:
        """Forget everything about the document and clear its diagnostics."""
        self.analyses.forget(uri)
        self.analysis_progress.finished(uri)
        self._facts.pop(uri, None)
        self._result_ids.pop(uri, None)
        self._without_facts.discard(uri)
        self._owed_pulls.discard(uri)
        self._layouts.pop(uri, None)
        for cell_uri in self._published_cells.pop(uri, set()):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))
        self.publish(uri, None, [])

    def hovers_off(self, uri: str) -> bool:
        return uri in self._without_facts or self.notebook_of(uri) in self._without_facts

    def workspace_roots(self) -> list[str]:
        folders = [folder.uri for folder in self.workspace.folders.values()]
        if self.workspace.root_uri:
            folders.append(self.workspace.root_uri)
        return [path for path in (to_fs_path(uri) for uri in folders) if path]

    def on_outcome(self, uri: str, outcome: Outcome) -> None:
        if self.analyses.up_to_date(uri):
            self.analysis_progress.finished(uri)
        for error in outcome.result.internal_errors:
            self.log_error(f"TensorLens: {error}")
        layout = self._layouts.get(uri)
        if layout is not None:
            self.publish_cells(uri, layout, notebooks.cell_diagnostics(layout, outcome.result, self.encoding))
        elif not self.pull_diagnostics:
            diagnostics = to_diagnostics(uri, outcome.lines, outcome.result, self.encoding)
            self.publish(uri, outcome.version, diagnostics)
        elif uri in self._owed_pulls and self.analyses.up_to_date(uri):
            self._owed_pulls.discard(uri)
            self.refresh_pulls()

    @property
    def can_refresh_pulls(self) -> bool:
        return bool(_capability(self.client_capabilities, "workspace", "diagnostics", "refresh_support"))

    def refresh_pulls(self) -> None:
        """Ask a pull client to pull every open document's diagnostics again."""
        if self.pull_diagnostics and self.can_refresh_pulls:
            self.workspace_diagnostic_refresh(None)

    async def outcome_for_pull(self, uri: str) -> Optional[Outcome]:
        """The outcome a diagnostics pull answers with; None (answered with nothing) is corrected later
        by a refresh request, or never happens for a client that cannot be asked to refresh."""
        if not self.can_refresh_pulls:
            await self.analyses.settled(uri)
        outcome = await self.current_outcome(uri)
        if outcome is None and self.open_document(uri) is not None:
            self._owed_pulls.add(uri)
        return outcome

    def publish_cells(self, uri: str, layout: notebooks.CellLayout,
                      diagnostics: dict[str, list[types.Diagnostic]]) -> None:
        """Publish each code cell's diagnostics, and clear those of cells that no longer hold any (deleted,
        turned to markdown). Pushed to every client: editors do not pull notebook cells' diagnostics."""
        versions = dict(zip(layout.cell_uris, layout.cell_versions))
        for index in layout.code_cells():
            diagnostics.setdefault(layout.cell_uris[index], [])
        for cell_uri in self._published_cells.get(uri, set()) - set(diagnostics):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))
        for cell_uri, items in diagnostics.items():
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=cell_uri, version=versions.get(cell_uri), diagnostics=items))
        self._published_cells[uri] = set(diagnostics)

    def publish(self, uri: str, version: Optional[int], diagnostics: list[types.Diagnostic]) -> None:
        if not self.pull_diagnostics:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    def _version_on_screen(self, uri: str) -> tuple[bool, Optional[int]]:
        """Whether the document or notebook is open, and its version."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            return True, notebook.version
        document = self.open_document(uri)
        return document is not None, None if document is None else document.version

    async def current_outcome(self, uri: str) -> Optional[Outcome]:
        """The analysis of the text on screen, waiting for it if it is under way (for a notebook cell: the
        notebook's analysis, in the cell's lines)."""
        notebook_uri = self.notebook_of(uri)
        if notebook_uri is not None:
            outcome = await self.current_outcome(notebook_uri)
            layout = self._layouts.get(notebook_uri)
            if outcome is None or layout is None or layout.version != outcome.version:
                return None
            if outcome.result.facts_pending:
                await outcome.facts_ready(WAIT_FOR_ANALYSIS_S)
            return notebooks.cell_outcome(layout, outcome, uri)
        is_open, version = self._version_on_screen(uri)
        if not is_open:
            return None
        outcome = self.analyses.outcome(uri)
        if outcome is None or outcome.version != version or not self.analyses.up_to_date(uri):
            outcome = await self.analyses.settled(uri, WAIT_FOR_ANALYSIS_S)
        is_open, version = self._version_on_screen(uri)
        if outcome is None or not is_open or outcome.version != version:
            return None
        return outcome

    def facts(self, uri: str, outcome: Outcome) -> hover.FactIndex:
        cached = self._facts.get(uri)
        if cached is None or cached[0] is not outcome:
            cached = self._facts[uri] = (outcome, hover.FactIndex(outcome.result.facts))
        return cached[1]

    def result_id(self, uri: str, outcome: Outcome) -> str:
        """The pull-diagnostics result id of the document's latest outcome (new for each new outcome)."""
        known = self._result_ids.get(uri)
        if known is None or known[0] is not outcome:
            known = self._result_ids[uri] = (outcome, str(next(self.result_counter)))
        return known[1]

    # --- settings -----------------------------------------------------------------------------

    def apply_settings(self, raw: Any, reanalyze: bool = True) -> None:
        problems: list[str] = []
        settings = ClientSettings.parse(raw, problems)
        for problem in problems:
            self.log(f"TensorLens: {problem}", types.MessageType.Warning)
        if settings == self.client_settings:
            return
        hints_changed = settings.inlay_hints != self.client_settings.inlay_hints
        self.client_settings = settings
        self.project_rules.reload(settings)
        if reanalyze:
            self.reanalyze_all()
        if hints_changed and _capability(self.client_capabilities, "workspace", "inlay_hint", "refresh_support"):
            self.workspace_inlay_hint_refresh(None)

    def reanalyze_all(self) -> None:
        self.project_rules.reload(self.client_settings)
        for document in list(self.workspace.text_documents.values()):
            if self.notebook_of(document.uri) is None:
                self.analyze(document.uri)
        for notebook_uri in list(self.workspace.notebook_documents):
            self.analyze_notebook(notebook_uri)
        # The pulls this causes wait for the new analyses (the outcomes on hand are out of date).
        self.refresh_pulls()

    def reanalyze_importers(self, saved: TextDocument) -> None:
        """The saved file is a module the other open documents may import: analyze those that name it."""
        stem = os.path.splitext(os.path.basename(saved.path or ""))[0]
        if stem == "__init__":
            stem = os.path.basename(os.path.dirname(saved.path))
        if not stem.isidentifier():
            return
        naming = re.compile(rf"\b{re.escape(stem)}\b")
        importers = [document.uri for document in list(self.workspace.text_documents.values())
                     if document.uri != saved.uri and _is_python(document) and naming.search(document.source)]
        importers = [uri for uri in importers if self.notebook_of(uri) is None]
        importers += [uri for uri, layout in self._layouts.items() if naming.search(layout.notebook.source)]
        if importers:
            self.analyses.forget_recent()
        for uri in importers:
            self.analyze(uri)
        if importers:
            self.refresh_pulls()

    async def fetch_settings(self) -> None:
        if not _capability(self.client_capabilities, "workspace", "configuration"):
            return
        try:
            answer = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)]))
        except Exception as error:
            self.log(f"TensorLens: cannot read the client's settings: {error!r}", types.MessageType.Warning)
            return
        if answer:
            self.apply_settings(answer[0])


server = TensorLensServer()


def _is_python(document: TextDocument) -> bool:
    language = (document.language_id or "").lower()
    return "python" in language or (document.path or document.uri).endswith(PYTHON_SUFFIXES)


def _capability(capabilities: Any, *path: str) -> Any:
    for name in path:
        capabilities = getattr(capabilities, name, None)
        if capabilities is None:
            return None
    return capabilities


@server.feature(types.INITIALIZE)
def initialize(ls: TensorLensServer, params: types.InitializeParams) -> None:
    ls.pull_diagnostics = _capability(params.capabilities, "text_document", "diagnostic") is not None
    if params.initialization_options is not None:
        ls.apply_settings(params.initialization_options, reanalyze=False)  # nothing is open yet


@server.feature(types.INITIALIZED)
async def initialized(ls: TensorLensServer, params: types.InitializedParams) -> None:
    ls.pool.prewarm()
    if _capability(ls.client_capabilities, "workspace", "did_change_watched_files", "dynamic_registration"):
        watcher = types.FileSystemWatcher(glob_pattern="**/pyproject.toml")
        registration = types.Registration(
            id="tensorlens-pyproject", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[watcher]))
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
        except Exception as error:
            ls.log(f"TensorLens: cannot watch pyproject.toml files: {error!r}", types.MessageType.Warning)
    await ls.fetch_settings()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: TensorLensServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(change.uri.endswith("pyproject.toml") for change in params.changes):
        ls.reanalyze_all()


@server.feature(types.SHUTDOWN)
def shutdown(ls: TensorLensServer, params: None) -> None:
    ls.shut_down = True
    ls.analyses.close()
    ls.pool.close()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: TensorLensServer, params: types.DidChangeConfigurationParams) -> None:
    if _capability(ls.client_capabilities, "workspace", "configuration"):
        await ls.fetch_settings()
    elif params.settings is not None:
        ls.apply_settings(params.settings)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: TensorLensServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.analyze(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: TensorLensServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.analyze(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: TensorLensServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.endswith("pyproject.toml"):
        ls.reanalyze_all()  # the project's [tool.tensorlens] may have changed
        return
    outcome = ls.analyses.outcome(uri)
    document = ls.open_document(uri)
    if outcome is not None and document is not None and outcome.version == document.version:
        ls.on_outcome(uri, outcome)  # nothing changed: publish the same result again
    else:
        ls.analyze(uri)
    if document is not None and _is_python(document):
        ls.reanalyze_importers(document)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: TensorLensServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.close_document(params.text_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
def did_open_notebook(ls: TensorLensServer, params: types.DidOpenNotebookDocumentParams) -> None:
    ls.analyze_notebook(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def did_change_notebook(ls: TensorLensServer, params: types.DidChangeNotebookDocumentParams) -> None:
    ls.analyze_notebook(params.notebook_document.uri)  # a cell edited, added, removed, moved or retyped


@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
def did_save_notebook(ls: TensorLensServer, params: types.DidSaveNotebookDocumentParams) -> None:
    ls.analyze_notebook(params.notebook_document.uri)  # the same text is answered from the recent results


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def did_close_notebook(ls: TensorLensServer, params: types.DidCloseNotebookDocumentParams) -> None:
    ls.close_document(params.notebook_document.uri)


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier="tensorlens", inter_file_dependencies=True,
                                        workspace_diagnostics=False))
async def pull_diagnostics(ls: TensorLensServer, params: types.DocumentDiagnosticParams
                           ) -> types.DocumentDiagnosticReport:
    uri = params.text_document.uri
    if ls.notebook_of(uri) is not None:
        # A notebook's cells get their diagnostics pushed (editors do not pull them); an answer here would
        # show them twice.
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    outcome = await ls.outcome_for_pull(uri)
    if outcome is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    result_id = ls.result_id(uri, outcome)
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(
        items=to_diagnostics(uri, outcome.lines, outcome.result, ls.encoding), result_id=result_id)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND]))
async def code_action(ls: TensorLensServer, params: types.CodeActionParams) -> Optional[list[types.CodeAction]]:
    uri = params.text_document.uri
    outcome = await ls.current_outcome(uri)
    if outcome is None:
        return None
    document_changes = bool(_capability(ls.client_capabilities, "workspace", "workspace_edit", "document_changes"))
    context = actions.ActionContext(uri, outcome, ls.encoding, document_changes)
    start = from_position(outcome.lines, params.range.start, ls.encoding)
    end = from_position(outcome.lines, params.range.end, ls.encoding)
    return actions.code_actions(context, start, end, params.context.only) or None


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def on_hover(ls: TensorLensServer, params: types.HoverParams) -> Optional[types.Hover]:
    uri = params.text_document.uri
    document = ls.open_document(uri)
    if document is None:
        return None
    lines = split_lines(document.source)
    line, column = from_position(lines, params.position, ls.encoding)
    if params.position.line < len(lines):
        code = hover.suppressed_code_at(lines[line - 1], column)
        if code is not None:
            return hover.rule_hover(code[0], line, code[1], code[2], lines, ls.encoding)
    if ls.hovers_off(uri):
        return None
    outcome = await ls.current_outcome(uri)
    if outcome is None or not await outcome.facts_ready(WAIT_FOR_ANALYSIS_S):
        return None
    fact = ls.facts(uri, outcome).at(*from_position(outcome.lines, params.position, ls.encoding))
    return None if fact is None else hover.fact_hover(fact, outcome.lines, ls.encoding)


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
async def on_inlay_hints(ls: TensorLensServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    uri = params.text_document.uri
    if not ls.client_settings.inlay_hints or ls.hovers_off(uri):
        return []
    outcome = await ls.current_outcome(uri)
    if outcome is None or not await outcome.facts_ready(WAIT_FOR_ANALYSIS_S):
        return []
    return inlay.inlay_hints(outcome.result.facts, outcome.lines, params.range.start.line + 1,
                             params.range.end.line + 1, ls.encoding)


def _answered_parse_errors(record: logging.LogRecord) -> bool:
    """pygls logs a traceback for a body that is not JSON; the server answers it with -32700 instead."""
    return not (record.exc_info and isinstance(record.exc_info[1], UNPARSABLE))


def serve(tcp: Optional[str] = None) -> int:
    """Run the server on stdio, or on ``HOST:PORT`` when asked; returns the exit code."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="tensorlens lsp: %(levelname)s %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_answered_parse_errors)
    if tcp is None:
        server.start_io()
        # pygls swallows the SystemExit its `exit` handler raises: the spec's exit code is decided here.
        return 0 if server.shut_down else 1
    host, _, port = tcp.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        print(f"tensorlens: error: --tcp expects HOST:PORT, got {tcp!r}", file=sys.stderr)
        return 2
    try:
        server.start_tcp(host.strip("[]"), int(port))
    except OSError as error:
        print(f"tensorlens: error: cannot listen on {tcp}: {error.strerror or error}", file=sys.stderr)
        return 2
    return 0

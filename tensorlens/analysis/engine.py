"""The engine's public face: analyze one file's source with a set of rules.

Parse once, walk once with every enabled rule subscribed to the events it
needs, resolve source positions only when something must be reported or
hovered, and return plain data (picklable, cacheable).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Optional

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from tensorlens.analysis.contract import RecordedFact
from tensorlens.analysis.describe import describe_value, shape_text
from tensorlens.analysis.events import ALL_EVENTS, Event
from tensorlens.analysis.fixes import FixSources, NodePositions, resolve_fix
from tensorlens.analysis.guard import PythonRejects, TooDeep, python_error, screen
from tensorlens.analysis.imports import ImportResolver, LineNumber, ModuleSummary
from tensorlens.analysis.incremental import IncrementalParser, ParsedSource
from tensorlens.analysis.indentation import expand_indentation, map_back
from tensorlens.analysis.interpreter import Interpreter
from tensorlens.analysis.memo import FunctionMemo
from tensorlens.analysis.module_names import absolute_module
from tensorlens.analysis.parsing import parse_module
from tensorlens.analysis.recovery import without_broken_statements
from tensorlens.analysis.rule_api import LineOf, MessageText, Report, Rule
from tensorlens.results import Fact, FileAnalysis, Finding, Related, Span


def may_hold_findings(source: str, rules: Sequence[type[Rule]]) -> bool:
    """The conservative textual pre-check: can any enabled rule fire in this text?"""
    return any(trigger in source for rule in rules for trigger in rule.triggers)


@dataclass(frozen=True)
class ProjectContext:
    """Where a file sits in its project: its module name, and how to reach the project's other modules."""

    resolver: ImportResolver
    module_name: Optional[str]
    is_package: bool = False
    # Called with the file's own summary once it is analyzed, so that importers analyzed later reuse it.
    keep_summary: Optional[Callable[[ModuleSummary], None]] = None


def analyze_source(source: str, path: str, rules: Sequence[type[Rule]],
                   record_facts: bool = False, precheck: bool = True,
                   parser: Optional[IncrementalParser] = None,
                   project: Optional[ProjectContext] = None) -> FileAnalysis:
    """Analyze one file's text with the given rule classes; never raises for bad input.

    The engine knows no rule of its own: the caller hands it the rules to run
    (``tensorlens.rules.select_rules``). An editor passes an
    :class:`IncrementalParser`, which reparses only the statements an edit
    touched since the same path's previous text. ``project`` lets the file's
    imports of the project's own modules bring their facts. A file that does
    not parse gets TL000, and the findings of its top-level statements that do.
    """
    result, facts = analyze_in_stages(source, path, rules, record_facts, precheck, parser, project)
    facts()
    return result


FactsStage = Callable[[], None]
"""Resolves the recorded hover facts' positions into the analysis' ``facts`` (and its internal errors)."""


def analyze_in_stages(source: str, path: str, rules: Sequence[type[Rule]], record_facts: bool = False,
                      precheck: bool = True, parser: Optional[IncrementalParser] = None,
                      project: Optional[ProjectContext] = None) -> tuple[FileAnalysis, FactsStage]:
    """:func:`analyze_source` in two stages: the findings now, the hover facts when the stage is called.

    Hover facts need the positions of nearly every statement, which costs as much as the rest of the
    analysis; an editor publishes the findings first and resolves the facts after.
    """
    result = FileAnalysis(path)
    if precheck and not record_facts and not may_hold_findings(source, rules) \
            and not (project is not None and imports_project_code(source, project)):
        result.skipped = True
        error = python_error(source, path)  # a skipped file is still syntax-checked, with CPython's parser
        if error is not None:
            result.findings.append(_syntax_finding(path, error.line, error.column, error.message))
        return result, _nothing
    syntax: Optional[Finding] = None
    parsed: Optional[ParsedSource]
    try:
        parsed = _parse(source, path, parser)
    except PythonRejects as rejected:
        # CPython's message and position are the ones users know (and match a skipped file's).
        syntax = _syntax_finding(path, rejected.error.line, rejected.error.column, rejected.error.message)
        parsed = _recovered(source, path, parser)
    except TooDeep as deep:
        result.internal_errors.append(f"{path}: not analyzed: {deep}, more than its parser can take")
        return result, _nothing
    except cst.ParserSyntaxError as error:
        python = python_error(source, path)
        if python is None:  # CPython accepts the text: libcst is stricter about some indentation.
            return _analyze_expanded(source, path, rules, record_facts, error), _nothing
        # CPython's message and position, as for a screened or skipped file
        syntax = _syntax_finding(path, python.line, python.column, python.message)
        parsed = _recovered(source, path, parser)
    except Exception as error:  # libcst can fail on exotic input in other ways (a CSTValidationError)
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        result.internal_errors.append(f"{path}: not analyzed: Python accepts it, but the analyzer's parser "
                                      f"(libcst) does not ({type(error).__name__}: {first})")
        return result, _nothing
    if parsed is None:  # a syntax error, and the rest of the file does not parse without its statement either
        assert syntax is not None
        result.findings.append(syntax)
        return result, _nothing
    facts = _walk(parsed, path, rules, record_facts, result, parser.memo_for(path, record_facts) if parser else None,
                  project)
    if syntax is not None:
        result.findings.append(syntax)
        result.findings.sort(key=lambda f: (f.span.line, f.span.column, f.code))
    return result, facts


def _nothing() -> None:
    pass


def _parse(source: str, path: str, parser: Optional[IncrementalParser]) -> ParsedSource:
    """The parse of a screened text (the incremental parser screens what it parses)."""
    if parser is not None:
        return parser.parse(path, source)
    screen(source, path)
    return ParsedSource(source, parse_module(source))


def _recovered(source: str, path: str, parser: Optional[IncrementalParser]) -> Optional[ParsedSource]:
    """The parse of ``source`` without its broken top-level statements, if the rest parses."""
    repaired = without_broken_statements(source, path)
    if repaired is None:
        return None
    try:
        return _parse(repaired, path, parser)
    except Exception:  # libcst rejects what CPython accepted: no recovery
        return None


def summarize_module(source: str, path: str, project: ProjectContext) -> Optional[ModuleSummary]:
    """A project module's summary for its importers (no rules run); None when it does not parse."""
    try:
        screen(source, path)  # too deep for the parser, or not Python: importers see nothing
        module = parse_module(source)
    except Exception:  # a syntax error, or libcst failing on exotic input: importers see nothing
        return None
    interpreter = _interpreter(module, source, lambda event: None, False, None, project)
    interpreter.muted += 1  # nothing here is for any rule
    try:
        interpreter.run(bodies=False)
    except Exception:  # the engine's own failures are reported when the file itself is checked
        return None
    return _summary(interpreter, path, project)


def imports_project_code(source: str, project: ProjectContext) -> bool:
    """Does the text import a module of the project (its facts may make a rule fire here)?"""
    for match in _IMPORT.finditer(source):
        dots, name = match.group("dots") or "", match.group("module") or match.group("plain") or ""
        module = absolute_module(project.module_name, project.is_package, len(dots), name or None)
        if module is not None and project.resolver.summary(module) is not None:
            return True
    return False


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(?P<dots>\.*)(?P<module>[\w.]*)[ \t]+import|import[ \t]+(?P<plain>[\w.]+))",
                     re.MULTILINE)


_FREEZES = re.compile(r"requires_grad\s*=\s*False|requires_grad_\(\s*(?:requires_grad\s*=\s*)?False")


def _interpreter(module: cst.Module, source: str, emit: Callable[[Event], None], record_facts: bool,
                 memo: Optional[FunctionMemo], project: Optional[ProjectContext]) -> Interpreter:
    return Interpreter(module, emit, record_facts, may_yield="yield" in source, memo=memo,
                       may_rebind_globals="global" in source, may_freeze=_FREEZES.search(source) is not None,
                       resolver=project.resolver if project is not None else None,
                       module_name=project.module_name if project is not None else None,
                       is_package=project.is_package if project is not None else False)


def _summary(interpreter: Interpreter, path: str, project: ProjectContext) -> ModuleSummary:
    name = project.module_name or path
    classes = {key: model for key, model in dict.items(interpreter.classes) if key not in _adopted(interpreter)}
    functions = {key: function for key, function in interpreter.function_definitions.items()
                 if key not in interpreter.foreign_functions}
    for model in classes.values():
        functions.update((id(method), method) for method in model.methods.values())
    return ModuleSummary(name, path, interpreter.module, interpreter.module_state, classes, functions,
                         project.is_package, tuple(interpreter.imported.values()), interpreter.may_freeze,
                         tuple(interpreter.star_modules))


def _adopted(interpreter: Interpreter) -> set[str]:
    return {key for summary in interpreter.imported.values() for key in summary.classes}
def _analyze_expanded(source: str, path: str, rules: Sequence[type[Rule]], record_facts: bool,
                      error: cst.ParserSyntaxError) -> FileAnalysis:
    """A text CPython accepts and libcst does not: analyze it with its indentation in spaces, if that helps."""
    expanded = expand_indentation(source)
    if expanded is not None:
        try:
            parsed = ParsedSource(expanded.text, parse_module(expanded.text))
        except Exception:
            pass
        else:
            analysis = FileAnalysis(path)
            _walk(parsed, path, rules, record_facts, analysis)()
            return map_back(analysis, expanded)
    first = error.message.strip().splitlines()[0] if error.message.strip() else "invalid syntax"
    return FileAnalysis(path, internal_errors=[
        f"{path}: not analyzed: Python accepts it, but the analyzer's parser (libcst) does not (line "
        f"{error.raw_line}: {first})"])


def _walk(parsed: ParsedSource, path: str, rules: Sequence[type[Rule]], record_facts: bool,
          result: FileAnalysis, memo: Optional[FunctionMemo] = None,
          project: Optional[ProjectContext] = None) -> FactsStage:
    module = parsed.module
    reports: list[Report] = []
    instances = [cls(reports.append) for cls in rules if cls.code != "TL000"]
    handlers: dict[type[Event], list[tuple[Rule, Callable[[Event], None]]]] = {event: [] for event in ALL_EVENTS}
    for rule in instances:
        for event in ALL_EVENTS:
            handler = getattr(rule, event.handler, None)
            if handler is not None:
                handlers[event].append((rule, handler))
    broken: set[str] = set()

    def emit(event: Event) -> None:
        for rule, handler in handlers[type(event)]:
            if rule.code in broken:
                continue
            try:
                handler(event)
            except Exception as error:
                broken.add(rule.code)
                result.internal_errors.append(_internal_error(path, f"rule {rule.code}", error))

    interpreter = _interpreter(module, parsed.source, emit, record_facts, memo, project)
    if memo is not None:
        memo.begin_run()
    try:
        interpreter.run()
    except RecursionError:
        result.internal_errors.append(f"{path}: the engine gave up: the file nests too deeply to analyze")
    except Exception as error:
        result.internal_errors.append(_internal_error(path, "the engine", error))
    finally:
        if memo is not None:
            memo.end_run()
    if project is not None and project.keep_summary is not None and not result.internal_errors:
        project.keep_summary(_summary(interpreter, path, project))
    if not reports and not interpreter.facts:
        return _nothing
    positions = _PositionsWhenAsked(parsed)
    locator = _Locator(path, positions, interpreter.imported.values())
    _render_findings(parsed, path, reports, locator, positions, result)
    return partial(_render_facts, interpreter.facts, locator, path, result)


class _PositionsWhenAsked:
    """The parse's node positions, resolved on the first lookup: a file without findings publishes them
    without the cost (its hover facts, a later stage, ask)."""

    def __init__(self, parsed: ParsedSource):
        self._parsed = parsed
        self._positions: Optional[NodePositions] = None

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        if self._positions is None:
            # A split source resolves positions one statement at a time, and keeps them for the next edit.
            self._positions = self._parsed.positions if self._parsed.chunks is not None else \
                MetadataWrapper(self._parsed.module, unsafe_skip_copy=True).resolve(PositionProvider)
        return self._positions[node]


class _Locator:
    """Where nodes are: in this file, or in an imported module of the project (then named)."""

    def __init__(self, path: str, positions: NodePositions, imported: Iterable[ModuleSummary]):
        self.path = path
        self.positions = positions
        self.imported = list(imported)

    def located(self, node: cst.CSTNode) -> tuple[Optional[str], CodeRange]:
        """The node's file (None: this one) and range."""
        try:
            return None, self.positions[node]
        except KeyError:
            for summary in self.imported:
                where = summary.range_of(node)
                if where is not None:
                    return summary.path, where
            raise

    def span_of(self, node: cst.CSTNode) -> Span:
        """The span of a node of this file (1-based, end exclusive)."""
        return _span(self.positions[node])

    def line_in(self, home: Optional[str]) -> LineOf:
        """Line numbers as a finding in ``home`` (None: this file) words them: another file's are named."""
        def line_of(node: cst.CSTNode) -> int:
            elsewhere, where = self.located(node)
            there = elsewhere or self.path
            return LineNumber(where.start.line, None if there == (home or self.path) else there)
        return line_of

    def text(self, message: MessageText, home: Optional[str] = None) -> str:
        """A report's message, its line references worded for a finding in ``home``."""
        return message if isinstance(message, str) else message(self.line_in(home))

    def related(self, node: cst.CSTNode, note: MessageText, home: Optional[str]) -> Related:
        """A related location of a finding in ``home``, with its file when that is not the finding's."""
        elsewhere, where = self.located(node)
        return Related(_span(where), self.text(note, home), elsewhere or (self.path if home is not None else None))


def _span(where: CodeRange) -> Span:
    return Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)


def _render_findings(parsed: ParsedSource, path: str, reports: list[Report], locator: _Locator,
                     positions: NodePositions, result: FileAnalysis) -> None:
    sources = FixSources(parsed.module, parsed.source if parsed.chunks is not None else None, positions)
    seen: set[tuple[str, int]] = set()
    for report in reports:
        key = (report.code, id(report.node))
        if key in seen:
            continue
        seen.add(key)
        try:
            elsewhere, where = locator.located(report.node)
            # A finding in another module of the project (made in this file's context) carries no fix: its
            # edits are that file's, and --fix rewrites the file being checked.
            fix = resolve_fix(report.fix, locator.span_of, sources) if report.fix is not None and elsewhere is None \
                else None
            result.findings.append(Finding(
                elsewhere or path, _span(where), report.code, locator.text(report.message, elsewhere),
                tuple(locator.related(node, note, elsewhere) for node, note in report.related), fix))
        except Exception as error:
            result.internal_errors.append(_internal_error(path, f"rule {report.code}", error))
    result.findings.sort(key=lambda f: (f.span.line, f.span.column, f.code))


def _render_facts(facts: Sequence[RecordedFact], locator: _Locator, path: str, result: FileAnalysis) -> None:
    line_of = locator.line_in(None)
    for fact in facts:
        try:
            result.facts.append(Fact(locator.span_of(fact.node), fact.text, describe_value(fact.value, line_of),
                                     shape_text(fact.value)))
        except Exception as error:
            result.internal_errors.append(_internal_error(path, "hover facts", error))
            break


def _syntax_finding(path: str, line: int, column: int, message: str) -> Finding:
    first = message.strip().splitlines()[0] if message.strip() else "invalid syntax"
    return Finding(path, Span(line, column, line, column + 1), "TL000", f"syntax error: {first}")


def _internal_error(path: str, where: str, error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    location = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
    return f"{path}: internal error in {where}: {type(error).__name__}: {error}{location}"

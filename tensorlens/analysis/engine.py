"""The engine's public face: analyze one file's source with a set of rules.

Parse once, walk once with every enabled rule subscribed to the events it
needs, resolve source positions only when something must be reported or
hovered, and return plain data (picklable, cacheable).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Optional

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

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
    imports of the project's own modules bring their facts.
    """
    result = FileAnalysis(path)
    if precheck and not record_facts and not may_hold_findings(source, rules) \
            and not (project is not None and imports_project_code(source, project)):
        result.skipped = True
        error = python_error(source, path)  # a skipped file is still syntax-checked, with CPython's parser
        if error is not None:
            result.findings.append(_syntax_finding(path, error.line, error.column, error.message))
        return result
    try:
        if parser is not None:
            parsed = parser.parse(path, source)  # screens what it parses
        else:
            screen(source, path)
            parsed = ParsedSource(source, cst.parse_module(source))
    except PythonRejects as rejected:
        # CPython's message and position are the ones users know (and match a skipped file's).
        error = rejected.error
        result.findings.append(_syntax_finding(path, error.line, error.column, error.message))
        return result
    except TooDeep as deep:
        result.internal_errors.append(f"{path}: not analyzed: {deep}, more than its parser can take")
        return result
    except cst.ParserSyntaxError as error:
        python = python_error(source, path)
        if python is not None:  # CPython's message and position, as for a screened or skipped file
            result.findings.append(_syntax_finding(path, python.line, python.column, python.message))
            return result
        # CPython accepts the text: libcst is stricter about some indentation.
        return _analyze_expanded(source, path, rules, record_facts, error)
    except Exception as error:  # libcst can fail on exotic input in other ways
        result.internal_errors.append(f"{path}: parser failed: {type(error).__name__}: {error}")
        return result
    _walk(parsed, path, rules, record_facts, result, parser.memo_for(path, record_facts) if parser else None,
          project)
    return result


def summarize_module(source: str, path: str, project: ProjectContext) -> Optional[ModuleSummary]:
    """A project module's summary for its importers (no rules run); None when it does not parse."""
    try:
        screen(source, path)  # too deep for the parser, or not Python: importers see nothing
        module = cst.parse_module(source)
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


def _interpreter(module: cst.Module, source: str, emit: Callable[[Event], None], record_facts: bool,
                 memo: Optional[FunctionMemo], project: Optional[ProjectContext]) -> Interpreter:
    return Interpreter(module, emit, record_facts, may_yield="yield" in source, memo=memo,
                       may_rebind_globals="global" in source,
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
                         project.is_package)


def _adopted(interpreter: Interpreter) -> set[str]:
    return {key for summary in interpreter.imported.values() for key in summary.classes}
def _analyze_expanded(source: str, path: str, rules: Sequence[type[Rule]], record_facts: bool,
                      error: cst.ParserSyntaxError) -> FileAnalysis:
    """A text CPython accepts and libcst does not: analyze it with its indentation in spaces, if that helps."""
    expanded = expand_indentation(source)
    if expanded is not None:
        try:
            parsed = ParsedSource(expanded.text, cst.parse_module(expanded.text))
        except Exception:
            pass
        else:
            analysis = FileAnalysis(path)
            _walk(parsed, path, rules, record_facts, analysis)
            return map_back(analysis, expanded)
    first = error.message.strip().splitlines()[0] if error.message.strip() else "invalid syntax"
    return FileAnalysis(path, internal_errors=[
        f"{path}: not analyzed: Python accepts it, but the analyzer's parser (libcst) does not (line "
        f"{error.raw_line}: {first})"])


def _walk(parsed: ParsedSource, path: str, rules: Sequence[type[Rule]], record_facts: bool,
          result: FileAnalysis, memo: Optional[FunctionMemo] = None,
          project: Optional[ProjectContext] = None) -> None:
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
        return
    # A split source resolves positions one statement at a time, and keeps them for the next edit.
    positions = parsed.positions if parsed.chunks is not None else \
        MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    _render(parsed, path, reports, interpreter, positions, result)


def _render(parsed: ParsedSource, path: str, reports: list[Report], interpreter: Interpreter,
            positions: NodePositions, result: FileAnalysis) -> None:
    def located(node: cst.CSTNode) -> tuple[Optional[str], CodeRange]:
        """Where a node is: in this file (path None) or in an imported module of the project."""
        try:
            return None, positions[node]
        except KeyError:
            for summary in interpreter.imported.values():
                where = summary.range_of(node)
                if where is not None:
                    return summary.path, where
            raise

    def span_of(node: cst.CSTNode) -> Span:
        where = positions[node]
        return Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)

    def line_in(home: Optional[str]) -> LineOf:
        """Line numbers as a finding in ``home`` (None: this file) words them: another file's are named."""
        def line_of(node: cst.CSTNode) -> int:
            elsewhere, where = located(node)
            there = elsewhere or path
            return LineNumber(where.start.line, None if there == (home or path) else there)
        return line_of

    def related(node: cst.CSTNode, note: MessageText, home: Optional[str]) -> Related:
        elsewhere, where = located(node)
        return Related(Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1),
                       text(note, home), elsewhere or (path if home is not None else None))

    def text(message: MessageText, home: Optional[str] = None) -> str:
        return message if isinstance(message, str) else message(line_in(home))

    line_of = line_in(None)

    sources = FixSources(parsed.module, parsed.source if parsed.chunks is not None else None, positions)
    seen: set[tuple[str, int]] = set()
    for report in reports:
        key = (report.code, id(report.node))
        if key in seen:
            continue
        seen.add(key)
        try:
            elsewhere, where = located(report.node)
            # A finding in another module of the project (made in this file's context) carries no fix: its
            # edits are that file's, and --fix rewrites the file being checked.
            fix = resolve_fix(report.fix, span_of, sources) if report.fix is not None and elsewhere is None \
                else None
            result.findings.append(Finding(
                elsewhere or path, Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1),
                report.code, text(report.message, elsewhere),
                tuple(related(node, note, elsewhere) for node, note in report.related), fix))
        except Exception as error:
            result.internal_errors.append(_internal_error(path, f"rule {report.code}", error))
    for fact in interpreter.facts:
        try:
            result.facts.append(Fact(span_of(fact.node), fact.text, describe_value(fact.value, line_of),
                                     shape_text(fact.value)))
        except Exception as error:
            result.internal_errors.append(_internal_error(path, "hover facts", error))
            break
    result.findings.sort(key=lambda f: (f.span.line, f.span.column, f.code))


def _syntax_finding(path: str, line: int, column: int, message: str) -> Finding:
    first = message.strip().splitlines()[0] if message.strip() else "invalid syntax"
    return Finding(path, Span(line, column, line, column + 1), "TL000", f"syntax error: {first}")


def _internal_error(path: str, where: str, error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    location = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
    return f"{path}: internal error in {where}: {type(error).__name__}: {error}{location}"

"""The ``tensorlens`` command: check, rules, explain, lsp, run.

Exit codes: 0 no findings, 1 findings, 2 usage or internal error. Errors are
one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, Optional

from tensorlens import __version__
from tensorlens.catalogue import CATALOGUE, resolve_codes

if TYPE_CHECKING:
    from tensorlens.check.cache import Cache
    from tensorlens.fix.files import FixRun
    from tensorlens.results import DirectiveWarning

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A bad command line or configuration: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tensorlens", description="Find PyTorch dynamic-graph bugs before the code runs.")
    parser.add_argument("--version", action="version", version=f"tensorlens {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="check Python files and directories")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    check.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text",
                       help="output format (default: text)")
    check.add_argument("--select", metavar="CODES",
                       help="only these rule codes or prefixes (comma separated); replaces the configuration's")
    check.add_argument("--extend-select", metavar="CODES", help="these rule codes or prefixes as well")
    check.add_argument("--ignore", metavar="CODES", help="skip these rule codes or prefixes")
    check.add_argument("--force-exclude", action="store_true",
                       help="apply the excludes to paths named on the command line too (for pre-commit)")
    check.add_argument("--no-cache", action="store_true", help="analyze every file, neither reading nor writing "
                                                                 "the cache")
    check.add_argument("--jobs", "-j", type=_positive_int, metavar="N", help="worker processes (default: all cores)")
    check.add_argument("--max-file-size", type=_positive_int, metavar="BYTES",
                       help="skip files larger than this (default: [tool.tensorlens] max-file-size, else 2000000)")
    check.add_argument("--max-file-seconds", type=_positive_float, metavar="SECONDS",
                       help="stop a file's analysis after this much CPU time (default: [tool.tensorlens] "
                            "max-file-seconds, else 60)")
    check.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff instead of writing them (exit 1 if any)")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff, also apply fixes that may change what the code does")

    commands.add_parser("rules", help="list every rule: code, name, severity, fixability")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("code", metavar="CODE")

    lsp = commands.add_parser("lsp", help="run the language server (stdio unless --tcp)")
    lsp.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead of stdio")

    run = commands.add_parser("run", help="run a program under the runtime sanitizer", add_help=False)
    run.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["run"]:
        return _run_sanitizer(args_list[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return EXIT_ERROR
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules()
        if args.command == "explain":
            return _explain(args.code)
        if args.command == "lsp":
            return _lsp(args.tcp)
    except UsageError as error:
        print(f"tensorlens: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("tensorlens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`tensorlens check | head`): stop quietly, as Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLEAN
    return EXIT_ERROR


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
    return value


def _codes(text: Optional[str], option: str) -> Optional[list[str]]:
    if text is None:
        return None
    try:
        return sorted(resolve_codes(text.split(",")))
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None


def _selectors(text: Optional[str], option: str) -> Optional[tuple[str, ...]]:
    """The selectors of a ``--select``-like option, each checked against the catalogue (None: not given)."""
    if text is None or not text.strip():
        return None
    selectors = tuple(s.strip() for s in text.split(",") if s.strip())
    _codes(",".join(selectors), option)
    return selectors


def _check(args: argparse.Namespace) -> int:
    from tensorlens.check.limits import limits_for
    from tensorlens.check.runner import check_files, merged_findings
    from tensorlens.project.config import ConfigError, ConfigFinder, RuleSelection, RuleSettings
    from tensorlens.project.files import MissingPathError, collect_files

    if args.statistics and args.format not in ("text", "json"):
        raise UsageError(f"--statistics prints text or json, not {args.format}")
    rules = RuleSettings(RuleSelection(_selectors(args.select, "--select"), _selectors(args.ignore, "--ignore") or (),
                                       _selectors(args.extend_select, "--extend-select") or ()))
    unreadable: list[str] = []
    try:
        files = collect_files(args.paths or ["."], finder=ConfigFinder(), force_exclude=args.force_exclude,
                              unreadable=unreadable)
        codes = [rules.codes_for(str(f.path), f.config) for f in files]
    except MissingPathError as error:
        raise UsageError(f"no such file or directory: {error}") from None
    except ConfigError as error:
        raise UsageError(str(error)) from None
    limits = [limits_for(f.config, args.max_file_size, args.max_file_seconds) for f in files]
    analyses = check_files(files, codes, args.jobs, None if args.no_cache else _cache(), limits)
    findings = merged_findings(analyses)
    errors = unreadable + [e for a in analyses for e in a.internal_errors]
    notes = [n for a in analyses for n in a.notes]
    warnings = [(a.path, w) for a in analyses for w in a.warnings]
    fixing = args.fix or args.diff
    if fixing:
        from tensorlens.fix.files import fix_files, write_fixed
        from tensorlens.fix.writer import checked_roots

        run = fix_files(files, analyses, codes, args.unsafe_fixes, limits)
        if args.diff:
            _print_warnings(warnings)
            _print_notes(notes)
            return _diff(run, args.exit_zero, unreadable)
        not_written = write_fixed(files, run, checked_roots(args.paths or ["."]))
        findings, errors = run.findings, unreadable + run.internal_errors + not_written
    checked = len(files) - len(notes)
    if args.statistics:
        from tensorlens.report.text import render_statistics, render_statistics_json

        _write_text(render_statistics_json(findings) if args.format == "json" else render_statistics(findings))
    elif args.format == "json":
        from tensorlens.report.json_format import render_json

        _write_utf8(render_json(findings))
    elif args.format == "sarif":
        from tensorlens.report.sarif import render_sarif

        _write_utf8(render_sarif(findings, warnings, errors))
    elif args.format == "github":
        from tensorlens.report.github import render_github

        _write_text(render_github(findings, warnings))
    elif fixing:
        from tensorlens.fix.summary import fix_summary
        from tensorlens.report.text import render_text

        _write_text(render_text(findings, checked, quiet=True))
        if not args.quiet:
            _write_text(("\n" if findings else "") + fix_summary(run, checked))
    else:
        from tensorlens.report.text import render_text

        _write_text(render_text(findings, checked, args.quiet, len(errors)))
    _print_warnings(warnings)
    _print_notes(notes)
    for message in errors:
        _error_line(f"tensorlens: {message}")
    if errors:
        return EXIT_ERROR
    if findings and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _write_text(text: str) -> None:
    """Text for a terminal or a log; a character the stream's encoding lacks becomes an escape, never an error."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    sys.stdout.write(text)
    sys.stdout.flush()


def _write_utf8(text: str) -> None:
    """JSON and SARIF are UTF-8 whatever the locale (RFC 8259), and free of lone surrogates (escaped)."""
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _error_line(text: str) -> None:
    from tensorlens.report.escape import printable

    print(printable(text), file=sys.stderr)


def _print_warnings(warnings: Sequence[tuple[str, DirectiveWarning]]) -> None:
    """Problems with suppression comments: ``path:line:col: warning: ...`` on stderr, whatever the format."""
    for path, warning in warnings:
        _error_line(f"{path}:{warning.line}:{warning.column}: warning: {warning.message}")


def _print_notes(notes: list[str]) -> None:
    """Files skipped because they are not source files (a FIFO named *.py): noted, not an error."""
    for note in notes:
        _error_line(f"tensorlens: note: {note}")


def _cache() -> Optional[Cache]:
    """The user's ``check`` cache, or None when it cannot even be set up (the run goes on uncached)."""
    from tensorlens.check.cache import Cache, cache_root

    try:
        return Cache(cache_root())
    except (OSError, RuntimeError):  # an unreadable package file, no home folder
        return None


def _diff(run: FixRun, exit_zero: bool, unreadable: list[str]) -> int:
    """``--diff``: the fixes as a diff on stdout, a count on stderr; writes nothing."""
    from tensorlens.fix.diff import unified_diff_bytes
    from tensorlens.fix.summary import diff_summary

    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    for fixed in run.fixed_files:
        # In the file's own encoding and line endings, so that `patch` applies it.
        diff = unified_diff_bytes(fixed.path, fixed.original, fixed.text, run.encodings[fixed.path])
        if out is not None:
            out.write(diff)
        else:
            sys.stdout.write(diff.decode("utf-8", "surrogateescape"))
    (out or sys.stdout).flush()
    sys.stderr.write(diff_summary(run))
    errors = unreadable + run.internal_errors
    for error in errors:
        _error_line(f"tensorlens: {error}")
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if run.fixed_files and not exit_zero else EXIT_CLEAN


def _rules() -> int:
    from tensorlens.rule_docs import rule_sources

    sources = rule_sources()
    print(f"{'code':<6}  {'name':<26}  {'severity':<8}  fix")
    for code, info in CATALOGUE.items():
        fixable = sources[code].fixable if code in sources else "never"
        print(f"{code:<6}  {info.name:<26}  {info.severity.value:<8}  {fixable}")
    return EXIT_CLEAN


def _explain(code: str) -> int:
    from tensorlens.rule_docs import rule_page

    code = code.strip().upper()
    if code not in CATALOGUE:
        raise UsageError(f"unknown rule code: {code!r} (see `tensorlens rules`)")
    print(rule_page(code), end="")
    return EXIT_CLEAN


def _lsp(tcp: Optional[str]) -> int:
    try:
        from tensorlens.lsp.server import serve
    except ImportError as error:
        raise UsageError(f"the language server is not available: {error}") from None
    return serve(tcp)


def _run_sanitizer(argv: list[str]) -> int:
    try:
        from tensorlens.runtime.sanitizer.command import main as sanitizer_main
    except ImportError as error:
        print(f"tensorlens: error: the runtime sanitizer is not available: {error}", file=sys.stderr)
        return EXIT_ERROR
    return sanitizer_main(argv)

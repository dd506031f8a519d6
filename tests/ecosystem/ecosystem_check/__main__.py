"""``make ecosystem``: TensorLens over the pinned real projects, compared with the reviewed baseline.

Exit codes: 0 the findings match the baseline; 1 an unreviewed finding appeared or a
true one vanished; 2 a download, unpack or check failed. ``--review`` prints each
unreviewed finding in its code, appends a stub for it to the baseline, and fails
only when a true finding vanished or something else failed.
"""

import argparse
import sys
import time
from pathlib import Path

from .baseline import BaselineError, baseline_path, compare, load_baseline, rewrite
from .findings import CheckFailed, check_project
from .projects import FetchError, default_cache, load_projects, prepare, remove_stale_trees
from .report import ProjectResult, differences, markdown_table, project_table, rule_table
from .review import review

ECOSYSTEM_DIR = Path(__file__).resolve().parent.parent


def parse_args(argv):
    """The command line: which projects, where the cache and baseline are, review or prune."""
    parser = argparse.ArgumentParser(prog="ecosystem_check", description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=default_cache(),
                        help="download and unpack folder (default: %(default)s)")
    parser.add_argument("--project", action="append", default=[], metavar="NAME",
                        help="check only this project (repeatable)")
    parser.add_argument("--review", action="store_true",
                        help="print unreviewed findings with context and append baseline stubs for them")
    parser.add_argument("--prune-fixed", action="store_true",
                        help="drop false positives that no longer appear from the baseline")
    parser.add_argument("--markdown", action="store_true", help="also print the README's Markdown table")
    parser.add_argument("--projects-file", type=Path, default=ECOSYSTEM_DIR / "projects.toml")
    parser.add_argument("--baseline", type=Path, default=ECOSYSTEM_DIR / "baseline", help="baseline folder")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    """Check every selected project, print the tables and differences, return the exit code."""
    args = parse_args(argv)
    projects = load_projects(args.projects_file)
    unknown = set(args.project) - {p.name for p in projects}
    if unknown:
        print(f"ecosystem: not in {args.projects_file}: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    remove_stale_trees(projects, args.cache)
    selected = [p for p in projects if not args.project or p.name in args.project]
    started = time.perf_counter()
    results, failures, reviews = [], [], []
    for project in selected:
        print(f"ecosystem: {project.label} ...", file=sys.stderr, flush=True)
        fetch_started = time.perf_counter()
        try:
            tree = prepare(project, args.cache)
            fetched = time.perf_counter() - fetch_started
            check = check_project(tree)
            path = baseline_path(args.baseline, project.name)
            diff = compare(set(check.findings), load_baseline(path))
        except (FetchError, CheckFailed, BaselineError, OSError) as error:
            failures.append(f"{project.label}: {error}")
            continue
        results.append(ProjectResult(project, check, diff, fetched))
        if args.review and diff.new:
            reviews.append(review(project.name, tree, diff.new, check.findings, args.baseline))
        if args.prune_fixed and diff.fixed:
            gone = {entry.key for entry in diff.fixed}
            rewrite(path, project.name, [e for e in load_baseline(path).values() if e.key not in gone])
    print(project_table(results), rule_table(results), sep="\n\n", end="\n\n")
    changes = differences(results)
    print(changes or "No difference from the baseline.")
    if args.markdown:
        print("\n" + markdown_table(results))
    fetch_seconds = sum(r.download_seconds for r in results)
    check_seconds = sum(r.check.seconds for r in results)
    print(f"\n{len(results)} projects in {time.perf_counter() - started:.1f} s: download and unpack "
          f"{fetch_seconds:.1f} s, check {check_seconds:.1f} s (cache: {args.cache})")
    for text in reviews:
        print("\n" + text)
    for failure in failures:
        print(f"ecosystem: FAILED {failure}", file=sys.stderr)
    if failures:
        return 2
    # Review mode has done its part for NEW findings (stubs); a vanished true finding still needs a person.
    failed = [r for r in results if (r.diff.vanished_true if args.review else r.diff.failed)]
    if failed:
        print("ecosystem: the findings differ from the reviewed baseline (see NEW/VANISHED above); "
              "review with `make ecosystem-review`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

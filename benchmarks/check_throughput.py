"""Throughput of `tensorlens check` against TorchFix on the same files, in one run.

Usage: python benchmarks/check_throughput.py [PATH ...] [--runs N] [--torchfix-runs N] [--torchfix CMD]

Default PATHs: the installed torch package's nn/ and optim/ folders (real code nobody
here wrote; torch is located without importing it). Each tool runs as a subprocess,
cold, the way a user runs it; the script prints medians, files/s, lines/s and the
ratio of TensorLens's lines/s to TorchFix's. TorchFix is used when `--torchfix` names
its command or a `torchfix` executable is on PATH or beside this interpreter.

Then the cache: a run that fills an empty cache (in a private folder, never the
user's), re-runs over the filled cache ("warm"), and the warm/cold ratio (the
target: a warm re-run at least 20x faster than a cold one). `--no-warm` skips it.

TensorLens's own modules are byte-compiled first, as `pip install` of the wheel does:
an editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile them
on every run (about 10 ms, an eighth of a warm run), which no installed user pays.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def default_paths() -> list[str]:
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("torch is not installed here: pass the folders to measure")
    root = Path(list(spec.submodule_search_locations)[0])
    return [str(root / "nn"), str(root / "optim")]


def compile_tensorlens() -> None:
    """Byte-compile the tensorlens package this interpreter runs, as installing its wheel would."""
    spec = importlib.util.find_spec("tensorlens")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("tensorlens is not installed in this interpreter")
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def count(paths: list[str]) -> tuple[int, int]:
    files = lines = 0
    for path in paths:
        candidates = [Path(path)] if Path(path).is_file() else Path(path).rglob("*.py")
        for file in candidates:
            files += 1
            with open(file, "rb") as handle:
                lines += handle.read().count(b"\n")
    return files, lines


def timed(command: list[str], runs: int, cache_dir=None) -> list[float]:
    """Wall times of ``runs`` runs; ``cache_dir()`` names the cache folder of each run (None: the default)."""
    times = []
    for _ in range(runs):
        env = {**os.environ, "TENSORLENS_CACHE_DIR": cache_dir()} if cache_dir else None
        start = time.perf_counter()
        completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):
            sys.exit(f"{' '.join(command[:3])}... failed ({completed.returncode}): {completed.stderr.decode()[-500:]}")
    return times


def tensorlens_command(paths: list[str]) -> list[str]:
    command = [sys.executable, "-m", "tensorlens", "check", *paths, "--exit-zero", "--quiet"]
    help_text = subprocess.run([sys.executable, "-m", "tensorlens", "check", "--help"],
                               capture_output=True, text=True).stdout
    if "--no-cache" in help_text:
        command.append("--no-cache")
    return command


def torchfix_command(explicit: str | None) -> list[str] | None:
    if explicit:
        return explicit.split()
    found = shutil.which("torchfix") or shutil.which("torchfix", path=str(Path(sys.executable).parent))
    return [found] if found else None


def report(name: str, times: list[float], files: int, lines: int) -> float:
    median = statistics.median(times)
    rate = lines / median
    print(f"{name:<22} {median:8.2f} s  {files / median:8.1f} files/s  {rate:10.0f} lines/s  "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    return rate


def measure_cache(paths: list[str], runs: int, cold: float, files: int, lines: int) -> None:
    """Cold runs that fill an empty cache, then warm re-runs over a filled one; prints the warm/cold ratio."""
    command = [c for c in tensorlens_command(paths) if c != "--no-cache"]
    with tempfile.TemporaryDirectory(prefix="tensorlens-bench-") as scratch:
        fresh = iter(range(runs + 1))
        report("  cold, filling cache", timed(command, runs, lambda: os.path.join(scratch, f"c{next(fresh)}")),
               files, lines)
        filled = os.path.join(scratch, "filled")
        timed(command, 1, lambda: filled)
        warm_times = timed(command, runs, lambda: filled)
        report("  warm (cache hits)", warm_times, files, lines)
        warm = statistics.median(warm_times)
    print(f"warm/cold ratio (cold --no-cache median / warm median): {cold / warm:.1f}x  (target: >= 20x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--torchfix-runs", type=int, default=1)
    parser.add_argument("--torchfix", help="command that runs TorchFix (e.g. '/venv/bin/torchfix')")
    parser.add_argument("--no-warm", action="store_true", help="skip the cache (warm re-run) measurement")
    args = parser.parse_args()
    paths = args.paths or default_paths()
    files, lines = count(paths)
    compile_tensorlens()
    print(f"{files} files, {lines} lines, {os.cpu_count()} cores")
    cold_times = timed(tensorlens_command(paths), args.runs)
    ours = report("tensorlens check", cold_times, files, lines)
    if not args.no_warm:
        measure_cache(paths, args.runs, statistics.median(cold_times), files, lines)
    torchfix = torchfix_command(args.torchfix)
    if torchfix is None:
        print("TorchFix not found: pass --torchfix CMD (e.g. pip install torchfix==0.7.0 into another venv)")
        return 0
    theirs = report("torchfix", timed([*torchfix, *paths], args.torchfix_runs), files, lines)
    print(f"ratio (tensorlens lines/s / torchfix lines/s): {ours / theirs:.1f}x  (target: >= 4x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

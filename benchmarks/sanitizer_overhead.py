"""Sanitizer overhead: a 200-step CPU MLP training loop, plain and under `tensorlens run`.

SPEC.md's target: the sanitized loop takes at most 1.3x the plain one.

Each run is a fresh process; the loop times itself (after a few warm-up
steps), so interpreter start-up and `import torch` are left out of both
sides. Plain and sanitized runs alternate and the medians are compared.

A third series runs the plain loop inside an empty TorchFunctionMode (one
that only forwards each call): the cost of PyTorch's Python dispatch alone,
which the sanitizer cannot go below.

Two clocks: wall time, and the CPU time of the training thread. On a shared
machine wall time swings with other processes' load; with one intra-op thread
(`--threads 1`, the default) the thread's CPU time is what the loop costs and
is the number judged against the target. `--threads 0` keeps torch's default.

    python benchmarks/sanitizer_overhead.py [--runs 7] [--steps 200] [--hidden 256,128]
                                            [--batch 64] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.abspath(__file__)
ROOT = os.path.dirname(os.path.dirname(HERE))


def workload(steps: int, hidden: list[int], batch: int, threads: int) -> tuple[float, float]:
    """Train an MNIST-sized MLP on synthetic data; (wall, thread CPU) seconds of ``steps`` steps."""
    import torch
    from torch import nn

    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    sizes = [784, *hidden, 10]
    layers: list[nn.Module] = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    inputs = torch.randn(batch, 784)
    labels = torch.randint(0, 10, (batch,))

    def step() -> float:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(inputs), labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(10):  # warm-up: allocator, thread pool, first-call caches
        step()
    start, start_cpu = time.perf_counter(), time.thread_time()
    running = 0.0
    for _ in range(steps):
        running += step()
    elapsed, elapsed_cpu = time.perf_counter() - start, time.thread_time() - start_cpu
    assert running == running, "loss went NaN"
    return elapsed, elapsed_cpu


def _forwarding_mode():  # the floor: a TorchFunctionMode that checks nothing
    from torch.overrides import TorchFunctionMode

    class Forward(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            return func(*args, **(kwargs or {}))

    return Forward()


KINDS = ("plain", "empty mode", "sanitized")


def _one_run(kind: str, args: argparse.Namespace) -> tuple[float, float]:
    program = [HERE, "--workload", "--steps", str(args.steps), "--hidden", args.hidden,
               "--batch", str(args.batch), "--threads", str(args.threads)]
    if kind == "sanitized":
        command = [sys.executable, "-m", "tensorlens", "run", *program]
    else:
        command = [sys.executable, *program, *(["--empty-mode"] if kind == "empty mode" else [])]
    sanitized = kind == "sanitized"
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0 or "loop_seconds=" not in done.stdout:
        raise SystemExit(f"run failed ({' '.join(command)}):\n{done.stdout}\n{done.stderr}")
    if sanitized and "no findings" not in done.stderr:
        raise SystemExit(f"the sanitizer reported findings on a clean loop:\n{done.stderr}")
    wall, cpu = done.stdout.split("loop_seconds=")[1].split()[:2]
    return float(wall), float(cpu.removeprefix("thread_cpu_seconds="))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each kind (default 7)")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--hidden", default="256,128", help="hidden layer sizes (default 256,128)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch intra-op threads (default 1; 0 keeps torch's default)")
    parser.add_argument("--workload", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--empty-mode", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workload:
        hidden = [int(n) for n in args.hidden.split(",") if n]
        if args.empty_mode:
            with _forwarding_mode():
                wall, cpu = workload(args.steps, hidden, args.batch, args.threads)
        else:
            wall, cpu = workload(args.steps, hidden, args.batch, args.threads)
        print(f"loop_seconds={wall:.6f} thread_cpu_seconds={cpu:.6f}")
        return

    runs: dict[str, list[tuple[float, float]]] = {kind: [] for kind in KINDS}
    for _ in range(args.runs):  # alternate, so drift in machine load hits every kind
        for kind in KINDS:
            runs[kind].append(_one_run(kind, args))
    threads = args.threads or "default"
    print(f"MLP 784-{args.hidden.replace(',', '-')}-10, batch {args.batch}, {args.steps} steps, "
          f"{threads} thread(s), {args.runs} runs each (ms)")
    ratios = {}
    for clock, index in (("wall", 0), ("thread CPU", 1)):
        medians = {}
        for kind in KINDS:
            times = [run[index] for run in runs[kind]]
            medians[kind] = statistics.median(times)
            listed = ", ".join(f"{t * 1000:.0f}" for t in times)
            print(f"  {clock:10s} {kind:10s} median {medians[kind] * 1000:8.1f}  ({listed})")
        ratios[clock] = medians["sanitized"] / medians["plain"]
        floor = medians["empty mode"] / medians["plain"]
        print(f"  {clock:10s} ratio {ratios[clock]:.2f}x (empty TorchFunctionMode alone: {floor:.2f}x)")
    judged = "thread CPU" if args.threads == 1 else "wall"
    verdict = "PASS" if ratios[judged] <= 1.3 else "FAIL"
    print(f"ratio ({judged}) {ratios[judged]:.2f}x, SPEC target at most 1.3x: {verdict}")


if __name__ == "__main__":
    main()

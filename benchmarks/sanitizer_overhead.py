"""Sanitizer overhead: CPU MLP training loops, plain and under `tensorlens run`, side by side.

SPEC.md's targets: at most 1.2x the plain run on the project's MLP
(784-256-128-10) and at most 1.3x on a small 32-64-64-10 MLP, both measured
in this one run. Also measured on the same loops, for context:

- ``empty mode``: the plain loop inside a TorchFunctionMode that only forwards
  each call, the cost of PyTorch's Python dispatch alone, which a sanitizer
  that watches every op cannot go below;
- ``every step``: ``tensorlens run --every-step`` (no step sampling);
- ``anomaly``: the plain loop under ``torch.autograd.set_detect_anomaly(True)``;
- ``nonfinite``: ``tensorlens run --nonfinite`` (first NaN/Inf; every op of
  every step), the side-by-side comparison with anomaly mode.

Each run is a fresh process; the loop times itself (the steps after 10
warm-up steps), so interpreter start-up, ``import torch`` and first calls
are left out. Under the default sampling the warm-up steps are the fully
checked ones; ``every step`` shows what a fully checked step costs. All
kinds alternate, run after run, so
drift in machine load hits each kind alike; medians are compared. With one
intra-op thread (``--threads 1``, the default) the training thread's CPU time
is what the loop costs and is the clock judged; wall time is printed too.

    python benchmarks/sanitizer_overhead.py [--runs 5] [--steps 200] [--threads 1] [--kinds ...]
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
MODELS = {"project 784-256-128-10": (784, "256,128", 1.2), "small 32-64-64-10": (32, "64,64", 1.3)}
KINDS = ("plain", "empty mode", "sanitized", "every step", "anomaly", "nonfinite")
WARMUP = 10
CLOCKS = ("loop CPU", "loop wall")


def workload(steps: int, inputs_dim: int, hidden: list[int], batch: int, threads: int) -> dict[str, float]:
    """Train an MLP on synthetic data; wall and thread-CPU seconds of the loop and of the whole run."""
    import torch
    from torch import nn

    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    sizes = [inputs_dim, *hidden, 10]
    layers: list[nn.Module] = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    inputs = torch.randn(batch, inputs_dim)
    labels = torch.randint(0, 10, (batch,))

    def step() -> float:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(inputs), labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(WARMUP):  # warm-up: allocator, thread pool, first-call caches
        step()
    start, start_cpu = time.perf_counter(), time.thread_time()
    running = 0.0
    for _ in range(steps):
        running += step()
    end, end_cpu = time.perf_counter(), time.thread_time()
    assert running == running, "loss went NaN"
    return {"loop wall": end - start, "loop CPU": end_cpu - start_cpu}


def _forwarding_mode():  # the floor: a TorchFunctionMode that checks nothing
    from torch.overrides import TorchFunctionMode

    class Forward(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            return func(*args, **(kwargs or {}))

    return Forward()


def _one_run(kind: str, model: str, args: argparse.Namespace) -> dict[str, float]:
    inputs_dim, hidden, _target = MODELS[model]
    program = [HERE, "--workload", "--steps", str(args.steps), "--inputs", str(inputs_dim), "--hidden", hidden,
               "--batch", str(args.batch), "--threads", str(args.threads)]
    options = {"sanitized": [], "every step": ["--every-step"], "nonfinite": ["--nonfinite"]}
    if kind in options:
        command = [sys.executable, "-m", "tensorlens", "run", *options[kind], *program]
    else:
        flags = {"empty mode": ["--empty-mode"], "anomaly": ["--anomaly"]}.get(kind, [])
        command = [sys.executable, *program, *flags]
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0 or "times=" not in done.stdout:
        raise SystemExit(f"run failed ({' '.join(command)}):\n{done.stdout}\n{done.stderr}")
    if kind in options and "no findings" not in done.stderr:
        raise SystemExit(f"the sanitizer reported findings on a clean loop:\n{done.stderr}")
    values = done.stdout.split("times=")[1].split()[0].split(",")
    return dict(zip(CLOCKS, map(float, values)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind (default 5)")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch intra-op threads (default 1; 0 keeps torch's default)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of: " + ", ".join(KINDS))
    parser.add_argument("--workload", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=int, default=784, help=argparse.SUPPRESS)
    parser.add_argument("--hidden", default="256,128", help=argparse.SUPPRESS)
    parser.add_argument("--empty-mode", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--anomaly", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workload:
        hidden = [int(n) for n in args.hidden.split(",") if n]
        if args.empty_mode:
            with _forwarding_mode():
                times = workload(args.steps, args.inputs, hidden, args.batch, args.threads)
        elif args.anomaly:
            import torch

            with torch.autograd.set_detect_anomaly(True):
                times = workload(args.steps, args.inputs, hidden, args.batch, args.threads)
        else:
            times = workload(args.steps, args.inputs, hidden, args.batch, args.threads)
        print("times=" + ",".join(f"{times[k]:.6f}" for k in CLOCKS))
        return

    kinds = [k for k in args.kinds.split(",") if k]
    if "plain" not in kinds:
        kinds.insert(0, "plain")
    runs = {(model, kind): [] for model in MODELS for kind in kinds}
    for _ in range(args.runs):  # alternate, so drift in machine load hits every kind
        for model in MODELS:
            for kind in kinds:
                runs[model, kind].append(_one_run(kind, model, args))
    threads = args.threads or "default"
    judged = "loop CPU" if args.threads == 1 else "loop wall"
    print(f"batch {args.batch}, {WARMUP} warm-up + {args.steps} timed steps, {threads} thread(s), "
          f"{args.runs} runs of each kind; medians in ms, ratio to plain")
    verdicts = []
    for model, (_dim, _hidden, target) in MODELS.items():
        print(f"{model}:")
        print(f"  {'kind':<12}" + "".join(f"{clock:>22}" for clock in CLOCKS))
        plain = {clock: statistics.median(r[clock] for r in runs[model, "plain"]) for clock in runs[model, "plain"][0]}
        for kind in kinds:
            cells = []
            for clock in CLOCKS:
                median = statistics.median(r[clock] for r in runs[model, kind])
                cells.append(f"{median * 1000:9.1f} ({median / plain[clock]:.2f}x)")
            print(f"  {kind:<12}" + "".join(f"{cell:>22}" for cell in cells))
        if "sanitized" in kinds:
            ratio = statistics.median(r[judged] for r in runs[model, "sanitized"]) / plain[judged]
            verdicts.append(f"{model}: sanitized {ratio:.2f}x ({judged}), target at most {target}x: "
                            f"{'PASS' if ratio <= target else 'FAIL'}")
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()

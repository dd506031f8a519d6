"""How long a DAP client waits for tensors, with and without TensorLens's providers.

Runs samples/debugger/many_tensors.py (200 tensors of 64x64 and one of 10^8
elements) under ``python -m debugpy --listen``, stops at its breakpoint, and
times, through a real DAP socket, the medians of:

- ``variables``   the Variables request for the frame's locals (201 tensors);
- ``huge value``  an ``evaluate`` of the 10^8-element tensor (hover context);
- ``huge children`` expanding it (stock: ~88 raw attributes, each repr'd;
  TensorLens: its rows, statistics sampled);
- ``round trip``  an ``evaluate`` of ``0``: the protocol's floor, where
  Nagle's algorithm plus delayed ACK shows up (microsoft/debugpy#2054);
- ``containers``  the Variables request of samples/debugger/containers.py
  (a list of 50 tensors, a batch dict, tuples of tensors).

in three configurations, one debuggee each:

- ``stock``       TENSORLENS_DEBUG_PROVIDERS=0: debugpy as it ships;
- ``providers``   TensorLens's providers, socket options untouched
                  (TENSORLENS_DEBUG_NODELAY=0);
- ``+nodelay``    the providers and TCP_NODELAY on the debuggee's socket.

It then times the same work in-process, without any protocol, against the
SPEC's targets (a frame of 200 tensors < 30 ms, a 10^8-element summary < 50 ms).

Usage: ``.venv/bin/python benchmarks/debugger_latency.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "debugpy"))

from debug_session import SAMPLES, DebugSession  # noqa: E402  (the tests' real DAP client)

SCRIPT = SAMPLES / "many_tensors.py"
CONFIGURATIONS = {
    "stock": {"TENSORLENS_DEBUG_PROVIDERS": "0"},
    "providers": {"TENSORLENS_DEBUG_PROVIDERS": "1", "TENSORLENS_DEBUG_NODELAY": "0"},
    "+nodelay": {"TENSORLENS_DEBUG_PROVIDERS": "1", "TENSORLENS_DEBUG_NODELAY": "1"},
}
# A request slower than this is repeated fewer times: stock debugpy formats a
# 10^8-element tensor with torch's repr.
SLOW_S = 1.0


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``action`` in ms, after one warm-up call."""
    start = time.perf_counter()
    action()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat if first < SLOW_S else 3):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure_dap(env: dict[str, str], repeat: int) -> dict[str, float]:
    """Medians over DAP for one configuration (one fresh debuggee)."""
    session = DebugSession.start(SCRIPT, env=env)
    try:
        scopes = session.client.request("scopes", {"frameId": session.frame_id})["scopes"]
        reference = next(s["variablesReference"] for s in scopes if s["name"].lower().startswith("locals"))
        huge = session.evaluate("huge", context="hover")
        huge_value = huge["result"]

        def variables() -> object:
            return session.client.request("variables", {"variablesReference": reference})

        results = {
            "variables": median_ms(variables, repeat),
            "huge value": median_ms(lambda: session.evaluate("huge", context="hover"), repeat),
            "huge children": median_ms(
                lambda: session.client.request("variables", {"variablesReference": huge["variablesReference"]}), repeat
            ),
            "round trip": median_ms(lambda: session.evaluate("0", context="hover"), repeat),
        }
        count = len(variables()["variables"])
        print(f"  {count} rows; huge shows as: {huge_value[:70]!r}")
        session.continue_to_end()
        return results
    finally:
        session.close()


def measure_containers(env: dict[str, str], repeat: int) -> float:
    """Median Variables request for samples/debugger/containers.py (a list of 50 tensors, a batch dict, ...)."""
    session = DebugSession.start(SAMPLES / "containers.py", env=env)
    try:
        scopes = session.client.request("scopes", {"frameId": session.frame_id})["scopes"]
        reference = next(s["variablesReference"] for s in scopes if s["name"].lower().startswith("locals"))
        result = median_ms(lambda: session.client.request("variables", {"variablesReference": reference}), repeat)
        session.continue_to_end()
        return result
    finally:
        session.close()


def measure_in_process(repeat: int) -> dict[str, float]:
    """The providers' own cost, no protocol: what the SPEC's targets are about."""
    import torch

    from tensorlens.runtime.debug.children import tensor_children
    from tensorlens.runtime.debug.values import value_text
    from tensorlens.runtime.editor_view import frame_json
    from tensorlens.runtime.summary import summary

    torch.manual_seed(0)
    frame = {f"w{i:03d}": torch.randn(64, 64) for i in range(200)}
    huge = torch.zeros(100_000_000)
    return {
        "stock repr, 200": median_ms(lambda: [repr(t) for t in frame.values()], repeat),
        "stock repr, 1e8": median_ms(lambda: repr(huge), repeat),
        "200 value lines": median_ms(lambda: [value_text(t) for t in frame.values()], repeat),
        "frame_json(200)": median_ms(lambda: frame_json(frame), repeat),
        "1e8 value line": median_ms(lambda: value_text(huge), repeat),
        "1e8 summary()": median_ms(lambda: summary(huge), repeat),
        "1e8 children": median_ms(lambda: tensor_children(huge), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="timed repetitions per measure (median)")
    args = parser.parse_args()

    dap: dict[str, dict[str, float]] = {}
    for name, env in CONFIGURATIONS.items():
        print(f"{name}:")
        dap[name] = measure_dap(env, args.repeat)

    measures = list(dap["stock"])
    print()
    print(f"{'DAP request (median ms)':<24}" + "".join(f"{name:>12}" for name in dap)
          + f"{'stock/prov':>12}{'prov/+nd':>12}")
    for measure in measures:
        row = [dap[name][measure] for name in dap]
        stock, providers, nodelay = row
        print(
            f"{measure:<24}"
            + "".join(f"{value:>12.1f}" for value in row)
            + f"{stock / providers:>11.1f}x{providers / nodelay:>11.1f}x"
        )

    print()
    print(f"{'containers: Variables':<24}" + "".join(f"{measure_containers(env, args.repeat):>12.1f}"
                                                    for env in CONFIGURATIONS.values()))

    print()
    print(f"{'in process (median ms)':<24}{'':>12}")
    for measure, value in measure_in_process(args.repeat).items():
        print(f"{measure:<24}{value:>12.2f}")


if __name__ == "__main__":
    main()

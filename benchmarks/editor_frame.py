"""How long the VS Code TensorLens view waits for a big frame's report, over a real DAP socket.

Runs samples/debugger/big_frame.py under ``python -m debugpy --listen`` and,
at each ``STOP`` line, times (median of N) the view's one request: an
``evaluate`` of ``frame_json(locals())`` with ``rawString``, as
vscode-extension/src/debug/helperCalls.ts sends it; prints the report's size
and how many tensors it lists.

Usage: ``.venv/bin/python benchmarks/editor_frame.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "debugpy"))

from debug_session import SAMPLES, DebugSession  # noqa: E402  (the tests' real DAP client)

SCRIPT = SAMPLES / "big_frame.py"
FRAME_EXPRESSION = "__import__('tensorlens.runtime.editor_view', fromlist=['frame_json']).frame_json(locals())"
STOPS = ["names-200", "dict-5000", "list-10000", "names-3200"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed evaluates per frame (median)")
    args = parser.parse_args()
    session = DebugSession.start(SCRIPT, stops=STOPS)
    try:
        print(f"{'frame':<14}{'evaluate ms':>12}{'KiB':>9}{'tensors':>9}  truncated / unlisted")
        for stop in STOPS:
            times = []
            text = ""
            for _ in range(args.repeat + 1):  # the first one warms the import up
                start = time.perf_counter()
                text = session.evaluate(FRAME_EXPRESSION, raw_string=True)["result"]
                times.append(time.perf_counter() - start)
            report = json.loads(text)
            print(f"{stop:<14}{statistics.median(times[1:]) * 1000:>12.1f}{len(text) / 1024:>9.1f}"
                  f"{len(report['tensors']):>9}  {report['truncated']} / {report.get('unlisted', '-')}")
            if stop != STOPS[-1]:
                session.continue_to_next_stop()
        session.continue_to_end()
    finally:
        session.close()


if __name__ == "__main__":
    main()

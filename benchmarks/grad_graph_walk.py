"""Backward-graph walks: TensorLens against torchviz on the same graphs.

torchviz's ``make_dot`` walks ``grad_fn.next_functions`` recursively, reads
each node's saved tensors and builds a graphviz object; TensorLens's
``grad_fn_chain`` walks the same graph (saved shapes, leaf names) and
``.dot()`` / ``.by_module()`` render it. Graphs:

- ``mlp``: 1,001 nodes, a 200-layer Linear/ReLU stack (within torchviz's
  recursion limit);
- ``encoder``: a 120-block pre-norm transformer-style stack (2,169 nodes),
  where torchviz needs a raised recursion limit.

torchviz is not a TensorLens dependency: ``pip install torchviz`` to run the
comparison (the walk is what is timed; rendering with graphviz is not).

Run: ``.venv/bin/python benchmarks/grad_graph_walk.py [--repeat N]``; medians in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

import tensorlens


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class Block(nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(width)
        self.attn = nn.Linear(width, width)
        self.ff = nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(), nn.Linear(2 * width, width))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm(x))
        return x + self.ff(x)


def graphs() -> dict[str, tuple[torch.Tensor, nn.Module]]:
    torch.manual_seed(0)
    layers: list[nn.Module] = []
    for _ in range(200):
        layers += [nn.Linear(16, 16), nn.ReLU()]
    mlp = nn.Sequential(*layers)
    encoder = nn.Sequential(nn.Linear(4, 8), *[Block(8) for _ in range(120)], nn.Linear(8, 2))
    return {"mlp": (mlp(torch.randn(4, 16)).sum(), mlp), "encoder": (encoder(torch.randn(3, 4)).sum(), encoder)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    try:
        import torchviz
    except ImportError:
        torchviz = None
    sys.setrecursionlimit(20_000)  # torchviz recurses once per graph level
    print(f"torch {torch.__version__}; torchviz {'installed' if torchviz else 'not installed (no comparison)'}")
    print(f"{'graph':<10}{'nodes':>7}{'tensorlens walk':>17}{'+ dot()':>10}{'+ by_module()':>15}"
          f"{'torchviz':>10}{'ratio':>8}")
    for name, (loss, model) in graphs().items():
        names = {id(p): f"model.{n}" for n, p in model.named_parameters()}
        params = {f"model.{n}": p for n, p in model.named_parameters()}

        def walked(loss: torch.Tensor = loss, names: dict[int, str] = names) -> tensorlens.runtime.grad_graph.GradChain:
            return tensorlens.grad_fn_chain(loss, 100_000, names=names)

        nodes = len(walked().nodes)
        walk = median_ms(walked, args.repeat)
        dot = median_ms(lambda walked=walked: walked().dot(), args.repeat)
        grouped = median_ms(lambda walked=walked: walked().by_module(), args.repeat)
        theirs = float("nan")
        if torchviz:
            theirs = median_ms(lambda loss=loss, params=params: torchviz.make_dot(loss, params=params), args.repeat)
        print(f"{name:<10}{nodes:>7}{walk:>17.1f}{dot:>10.1f}{grouped:>15.1f}{theirs:>10.1f}{walk / theirs:>7.2f}x")


if __name__ == "__main__":
    main()

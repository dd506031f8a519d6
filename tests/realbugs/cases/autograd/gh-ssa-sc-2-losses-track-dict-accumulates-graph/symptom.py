"""Symptom of gh-ssa-sc-2: the epoch loss tracker keeps every iteration's autograd graph."""
import collections
import os
import runpy
import sys

import torch


def run_entry(folder, entry):
    """Run the case's entry as `python entry` would (cwd and sys.path[0] = folder); return its globals."""
    folder = os.path.abspath(folder)
    cwd, saved_path = os.getcwd(), list(sys.path)
    os.chdir(folder)
    sys.path.insert(0, folder)
    try:
        return runpy.run_path(entry, run_name="__main__")
    finally:
        os.chdir(cwd)
        sys.path[:] = saved_path
        for name, module in list(sys.modules.items()):  # bug/ and fixed/ hold modules of the same names
            if (getattr(module, "__file__", None) or "").startswith(folder):
                del sys.modules[name]


def graph_node_names(tensor):
    """Names of the autograd nodes reachable from `tensor.grad_fn`, with their counts."""
    counts, seen, stack = collections.Counter(), set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        counts[type(node).__name__] += 1
        stack.extend(next_node for next_node, _ in node.next_functions)
    return counts


def main(bug_dir, fixed_dir):
    bug = run_entry(bug_dir, "train.py")["metrics"].losses_track
    fixed = run_entry(fixed_dir, "train.py")["metrics"].losses_track
    iterations = bug.train_iteration_counts
    held = graph_node_names(bug.train_losses["total"])
    losses_held = sum(count for name, count in held.items() if name.startswith("NllLoss"))
    print(f"bug: train_losses['total'] holds a graph of {sum(held.values())} nodes with {losses_held} "
          f"cross-entropy losses after {iterations} iterations")
    print(f"fixed: train_losses['total'].grad_fn is {fixed.train_losses['total'].grad_fn}")
    assert iterations > 1
    assert losses_held == 4 * iterations, "one graph of 4 scale losses per iteration should be kept alive"
    for key, value in fixed.train_losses.items():
        assert value.grad_fn is None, key


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

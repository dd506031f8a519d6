"""Symptom of gh-imvisible-2: the epoch's running losses hold every batch's autograd graph."""
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
    bug = run_entry(bug_dir, "training.py")
    fixed = run_entry(fixed_dir, "training.py")
    batches = bug["train_total"]
    held = graph_node_names(bug["running_loss"]) if torch.is_tensor(bug["running_loss"]) else {}
    print(f"bug: running_loss is {type(bug['running_loss']).__name__}, its graph holds "
          f"{held.get('NllLossBackward0', 0)} cross-entropy losses and {sum(held.values())} nodes after {batches} batches")
    print(f"fixed: running_loss is {type(fixed['running_loss']).__name__}")
    assert batches > 1
    assert held.get("NllLossBackward0", 0) == batches, "the bug's running loss should keep one loss graph per batch"
    for name in ("running_loss", "running_loss_MSE", "running_loss_cross_entropy"):
        assert torch.is_tensor(bug[name]) and bug[name].grad_fn is not None, name
        assert isinstance(fixed[name], float), name


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

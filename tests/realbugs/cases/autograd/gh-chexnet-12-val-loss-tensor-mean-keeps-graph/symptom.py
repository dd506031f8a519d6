"""Symptom of gh-chexnet-12: epochVal's losstensorMean keeps the graph of every validation batch"""
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


def conv_nodes_kept(folder, batches):
    """Run Main.py (one epoch), then call the trainer's own epochVal over `batches` validation
    batches the way ChexnetTrainer.train does; count the forward passes the returned mean still holds."""
    trainer = run_entry(folder, "Main.py")["ChexnetTrainer"]
    names = trainer.train.__globals__            # ChexnetTrainer.py's module globals
    model = torch.nn.DataParallel(names["DenseNet121"](14, False))
    dataset = names["DatasetGenerator"](pathImageDirectory=None, pathDatasetFile=None, transform=None, count=2 * batches)
    loader = torch.utils.data.DataLoader(dataset, batch_size=2, shuffle=False)
    _, losstensor_mean = trainer.epochVal(model, loader, None, None, 1, 14, torch.nn.BCELoss())
    if losstensor_mean.grad_fn is None:
        return 0
    held = graph_node_names(losstensor_mean)
    return sum(count for name, count in held.items() if name.startswith("Convolution"))


def main(bug_dir, fixed_dir):
    bug = {n: conv_nodes_kept(bug_dir, n) for n in (1, 3)}
    fixed = {n: conv_nodes_kept(fixed_dir, n) for n in (1, 3)}
    print(f"bug: the validation mean returned by epochVal holds {bug[1]} forward pass(es) after 1 batch, {bug[3]} after 3")
    print(f"fixed: it holds {fixed[1]} and {fixed[3]}")
    assert bug[1] == 1 and bug[3] == 3, "every validation batch's graph should stay alive in the bug"
    assert fixed[1] == 0 and fixed[3] == 0


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

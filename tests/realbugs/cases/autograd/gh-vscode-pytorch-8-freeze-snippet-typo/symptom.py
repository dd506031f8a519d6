"""Symptom of gh-vscode-pytorch-8: the "Freeze Layers" snippet's `params.require_grad = False` freezes nothing.

Runs each side's script (the snippet freezing the first Linear, then the snippet's training loop) and
compares that layer before and after: in the bug it still requires grad, got gradients and was changed by
SGD; in the fixed twin it is frozen, holds no gradient and kept its initial weights.
"""
import os
import runpy
import sys

import torch


def run(folder):
    torch.manual_seed(0)
    initial = None
    folder = os.path.abspath(folder)
    globals_after = runpy.run_path(os.path.join(folder, "train.py"), run_name="__main__")
    first = globals_after["net"].body[0]
    torch.manual_seed(0)
    initial = type(globals_after["net"])().body[0].weight  # same seed, same initial weights
    return first, initial


def main(bug_dir, fixed_dir):
    bug, bug_initial = run(bug_dir)
    fixed, fixed_initial = run(fixed_dir)
    bug_moved = not torch.equal(bug.weight.detach(), bug_initial.detach())
    fixed_moved = not torch.equal(fixed.weight.detach(), fixed_initial.detach())
    print(f"bug: first layer requires grad {bug.weight.requires_grad}, has grad {bug.weight.grad is not None}, changed by training {bug_moved}")
    print(f"fixed: first layer requires grad {fixed.weight.requires_grad}, has grad {fixed.weight.grad is not None}, changed by training {fixed_moved}")
    assert bug.weight.requires_grad and bug.weight.grad is not None and bug_moved
    assert not fixed.weight.requires_grad and fixed.weight.grad is None and not fixed_moved


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Symptom of gh-d2l-2600: MyLinear's weight and bias get no gradient, so they can never be trained.

Runs each side's chapter code, then backpropagates a loss through the final two-layer `net` of
MyLinear layers: in the bug no parameter gets a gradient (forward reads `.data`, which autograd does
not track) and the first layer's input gets none either; in the fixed twin all four parameters do.
"""
import os
import runpy
import sys

import torch


def grads_after_backward(folder):
    torch.manual_seed(0)
    net = runpy.run_path(os.path.join(folder, "custom_layer.py"), run_name="__main__")["net"]
    X = torch.rand(4, 64)
    Y = net(X)
    if Y.requires_grad:
        (Y - 1.0).pow(2).sum().backward()
    return {name: p.grad is not None for name, p in net.named_parameters()}, Y.requires_grad


def main(bug_dir, fixed_dir):
    bug, bug_tracked = grads_after_backward(bug_dir)
    fixed, fixed_tracked = grads_after_backward(fixed_dir)
    print(f"bug: output tracked by autograd: {bug_tracked}, parameters with a gradient: {bug}")
    print(f"fixed: output tracked by autograd: {fixed_tracked}, parameters with a gradient: {fixed}")
    assert not bug_tracked and not any(bug.values())
    assert fixed_tracked and all(fixed.values()) and len(fixed) == 4


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

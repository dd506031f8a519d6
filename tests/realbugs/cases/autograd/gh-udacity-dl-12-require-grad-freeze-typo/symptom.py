"""Symptom of gh-udacity-dl-12: `param.require_grad = False` does not freeze the VGG features.

Runs each side's script; afterwards the bug's feature convolutions still require grad and hold
gradients from backward (the freeze never happened); the fixed twin's have requires_grad False and
no gradient.
"""
import os
import runpy
import sys


def run_entry(folder, entry):
    folder = os.path.abspath(folder)
    cwd, saved_path = os.getcwd(), list(sys.path)
    os.chdir(folder)
    sys.path.insert(0, folder)
    try:
        return runpy.run_path(entry, run_name="__main__")
    finally:
        os.chdir(cwd)
        sys.path[:] = saved_path


def features_state(model):
    params = list(model.features.parameters())
    return (all(p.requires_grad for p in params), all(p.grad is not None for p in params),
            any(p.grad is not None for p in params))


def main(bug_dir, fixed_dir):
    bug_requires, bug_all_grad, _ = features_state(run_entry(bug_dir, "transfer_learning.py")["vgg16"])
    fixed_requires, _, fixed_any_grad = features_state(run_entry(fixed_dir, "transfer_learning.py")["vgg16"])
    print(f"bug: features require grad: {bug_requires}, all hold a gradient: {bug_all_grad}")
    print(f"fixed: features require grad: {fixed_requires}, any holds a gradient: {fixed_any_grad}")
    assert bug_requires and bug_all_grad
    assert not fixed_requires and not fixed_any_grad


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

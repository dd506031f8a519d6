"""Symptom of gh-pytorch-91851: `a.grad` is None because `a` is the product, not the leaf that requires grad.

Runs each side's script: the bug prints `None tensor(1.)` (and PyTorch warns that a non-leaf's .grad was
read); the fixed twin, where `a` is the leaf, prints `tensor(1.) tensor(1.)`.
"""
import subprocess
import sys


def run(folder):
    done = subprocess.run([sys.executable, "scaled_leaf.py"], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout.strip(), done.stderr


def main(bug_dir, fixed_dir):
    bug_out, bug_err = run(bug_dir)
    fixed_out, _ = run(fixed_dir)
    print(f"bug prints: {bug_out}")
    print(f"fixed prints: {fixed_out}")
    assert bug_out == "None tensor(1.)"
    assert "not a leaf Tensor is being accessed" in bug_err
    assert fixed_out == "tensor(1.) tensor(1.)"


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

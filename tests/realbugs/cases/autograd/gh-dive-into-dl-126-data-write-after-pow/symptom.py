"""Symptom of gh-dive-into-dl-126: writing x.data after y = x ** 2 silently changes the gradient.

y = x ** 2 at x = 1 has dy/dx = 2. The bug's `x.data *= 100` hides the change from autograd, which
then uses the overwritten x and reports 200; the fixed twin changes x only after backward and gets 2.
"""
import subprocess
import sys


def last_line(folder):
    done = subprocess.run([sys.executable, "autograd_data.py"], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def main(bug_dir, fixed_dir):
    bug, fixed = last_line(bug_dir), last_line(fixed_dir)
    print(f"bug x.grad: {bug}")
    print(f"fixed x.grad: {fixed}")
    assert bug == "tensor([200.])"
    assert fixed == "tensor([2.])"


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Symptom of gh-pytorch-10065: the gradient read from the cast copy `w1` is None.

Runs each side's script and checks what it printed last: `None` for the bug (w1 is not a leaf, its
.grad is never populated, and PyTorch warns about it), the mean's gradient 1/3 per element for the
fixed twin, which reads the leaf `w`.
"""
import subprocess
import sys


def last_line_and_stderr(folder):
    done = subprocess.run([sys.executable, "leaf_grad.py"], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1], done.stderr


def main(bug_dir, fixed_dir):
    bug_line, bug_stderr = last_line_and_stderr(bug_dir)
    fixed_line, _ = last_line_and_stderr(fixed_dir)
    print(f"bug prints: {bug_line}")
    print(f"fixed prints: {fixed_line}")
    assert bug_line == "None"
    assert "not a leaf Tensor is being accessed" in bug_stderr
    assert fixed_line.startswith("tensor([0.3333, 0.3333, 0.3333]")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

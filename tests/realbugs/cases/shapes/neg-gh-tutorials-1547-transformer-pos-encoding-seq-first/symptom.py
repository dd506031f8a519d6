"""Negative case: the program is correct. The symptom to show is that it runs clean, in bug/ and fixed/ alike."""
import subprocess
import sys

ENTRY = "transformer_tutorial.py"


def runs_clean(folder):
    """Run the entry in folder with this interpreter; True when it exits 0."""
    done = subprocess.run([sys.executable, ENTRY], cwd=folder, capture_output=True, text=True, timeout=55)
    print(f"{folder}: exit {done.returncode}\n{(done.stdout + done.stderr)[-600:]}")
    return done.returncode == 0


if __name__ == "__main__":
    bug_dir, fixed_dir = sys.argv[1], sys.argv[2]
    sys.exit(0 if runs_clean(bug_dir) and runs_clean(fixed_dir) else 1)

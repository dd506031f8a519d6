"""pt.summary.audio rescales the caller's cpu tensor through the numpy view in bug/, and leaves it alone in fixed/."""
import os
import runpy
import sys


def run(folder):
    os.chdir(folder)
    sys.path.insert(0, folder)
    try:
        return runpy.run_path("review_audio.py", run_name="__main__")
    finally:
        sys.path.remove(folder)
        for name in [m for m in sys.modules if m == "padertorch" or m.startswith("padertorch.")]:
            del sys.modules[name]


bug, fixed = run(sys.argv[1]), run(sys.argv[2])
bug_peak, fixed_peak = bug["estimate"].abs().max().item(), fixed["estimate"].abs().max().item()
assert abs(bug_peak - 0.95) < 1e-5, bug_peak
assert fixed_peak > 5, fixed_peak
print(f"bug: the estimate's peak became {bug_peak:.2f}; fixed: it stayed {fixed_peak:.2f}")

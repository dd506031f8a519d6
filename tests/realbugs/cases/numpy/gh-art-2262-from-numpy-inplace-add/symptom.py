"""y += 1 on the tensor from torch.from_numpy(x) changes the caller's array x in bug/, not in fixed/."""
import os
import runpy
import sys


def run(folder):
    os.chdir(folder)
    return runpy.run_path("inplace_preprocess.py", run_name="__main__")


bug, fixed = run(sys.argv[1]), run(sys.argv[2])
assert bug["x"][0] == 2, bug["x"]
assert fixed["x"][0] == 1, fixed["x"]
print("bug: the original array became [2]; fixed: it stayed [1]")

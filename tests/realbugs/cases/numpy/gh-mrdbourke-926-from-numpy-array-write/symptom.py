"""array[0] = 5.0 on the numpy side shows in the tensor made by from_numpy in bug/, not in fixed/."""
import os
import runpy
import sys


def run(folder):
    os.chdir(folder)
    return runpy.run_path("numpy_tensor.py", run_name="__main__")


bug, fixed = run(sys.argv[1]), run(sys.argv[2])
assert bug["tensor"][0].item() == 5.0, bug["tensor"]
assert fixed["tensor"][0].item() == 1.0, fixed["tensor"]
print("bug: the tensor's first value became 5 through the array; fixed: it stayed 1")

"""The numpy array taken before `tensor += 1` changes with it in bug/, and keeps its values in fixed/."""
import os
import runpy
import sys

import numpy as np


def run(folder):
    os.chdir(folder)
    return runpy.run_path("shares.py", run_name="__main__")


bug, fixed = run(sys.argv[1]), run(sys.argv[2])
assert np.array_equal(bug["np_tensor"], np.full(7, 2.0)), bug["np_tensor"]
assert np.array_equal(fixed["np_tensor"], np.ones(7)), fixed["np_tensor"]
print("bug: the array followed the tensor's += 1; fixed: it kept its ones")

"""The numpy array taken before `t += 10` changes with it in bug/, and keeps its values in fixed/."""
import os
import runpy
import sys

import numpy as np


def run(folder):
    os.chdir(folder)
    return runpy.run_path("fundamentals.py", run_name="__main__")


bug, fixed = run(sys.argv[1]), run(sys.argv[2])
assert np.array_equal(bug["np_array"], np.full(7, 11.0)), bug["np_array"]
assert np.array_equal(fixed["np_array"], np.ones(7)), fixed["np_array"]
print("bug: the array followed the tensor's += 10; fixed: it kept its ones")

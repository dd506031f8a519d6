"""The write n[0,0] = 777 on the numpy side shows in the tensor t in bug/, not in fixed/."""
import os
import runpy
import sys


def run(folder):
    os.chdir(folder)
    return runpy.run_path("storage.py", run_name="__main__")


bug, fixed = run(sys.argv[1]), run(sys.argv[2])
assert bug["t"][0, 0].item() == 777, bug["t"]
assert fixed["t"][0, 0].item() == 0, fixed["t"]
print("bug: t[0,0] became 777 through the array; fixed: t stayed zero")

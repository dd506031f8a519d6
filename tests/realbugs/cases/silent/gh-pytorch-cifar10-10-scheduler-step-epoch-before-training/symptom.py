"""TL111 symptom: Solver.run() calls self.scheduler.step(epoch) at the top of each epoch, before
train() makes the epoch's optimizer steps, so the MultiStepLR milestones fire one epoch early:
the epoch that should still train at --lr (milestones [2, 3]: epochs 1 and 2) trains at the
decayed rate from epoch 2. Every optimizer step's lr is recorded with a global step hook; the
fixed twin steps the scheduler after the epoch.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, os, runpy, sys, warnings, torch
from torch.optim.optimizer import register_optimizer_step_pre_hook
warnings.simplefilter("ignore")
lrs = []
register_optimizer_step_pre_hook(lambda optimizer, args, kwargs: lrs.append(optimizer.param_groups[0]["lr"]))
sys.argv = ["main.py"]
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("main.py", run_name="__main__")
os.remove("model.pth")
print(json.dumps({"step_lrs": lrs}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=100)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


INITIAL_LR, STEPS_PER_EPOCH = 0.001, 2  # main.py's --lr default; 200 images in batches of 100
bug, fixed = probe(sys.argv[1]), probe(sys.argv[2])
print("bug:", bug)
print("fixed:", fixed)
at_initial = lambda result: sum(1 for lr in result["step_lrs"] if abs(lr - INITIAL_LR) < 1e-12)
assert at_initial(fixed) == 2 * STEPS_PER_EPOCH, "fixed: the first milestone is not after two epochs"
assert at_initial(bug) == 1 * STEPS_PER_EPOCH, "bug: the milestones do not fire one epoch early"
print("symptom shown: the MultiStepLR decay comes one epoch early")

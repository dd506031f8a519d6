"""TL111 symptom: train() calls scheduler.step() before the epoch's first optimizer.step(), so
the LambdaLR schedule (1 - epoch / epochs) is read one epoch ahead: the initial learning rate
is never used and the last epoch trains with lr = 0. Every optimizer step's lr is recorded with
a global step hook; the fixed twin (scheduler.step() after the epoch) starts at the initial lr.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, runpy, sys, torch
from torch.optim.optimizer import register_optimizer_step_pre_hook
lrs = []
register_optimizer_step_pre_hook(lambda optimizer, args, kwargs: lrs.append(optimizer.param_groups[0]["lr"]))
torch.manual_seed(0)
sys.argv = ["train.py"]
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("train.py", run_name="__main__")
print(json.dumps({"step_lrs": lrs}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=110)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


INITIAL_LR = 0.001  # train.py's --learning_rate default
bug, fixed = probe(sys.argv[1]), probe(sys.argv[2])
print("bug:", bug)
print("fixed:", fixed)
assert bug["step_lrs"] and INITIAL_LR not in bug["step_lrs"], "bug: the initial learning rate was used"
assert bug["step_lrs"][-1] == 0.0, "bug: the last epoch does not train with lr 0"
assert fixed["step_lrs"][0] == INITIAL_LR and 0.0 not in fixed["step_lrs"], "fixed: the schedule is still shifted"
print("symptom shown: the schedule skips its first value and wastes the last epoch at lr 0")

"""TL111 symptom: train_epoch() calls scheduler.step() before the epoch's optimizer steps, so the
MultiStepLR milestones (config.lr_decay_step) fire one epoch early and the first value of the
schedule is skipped at the first milestone. Every optimizer step's lr is recorded with a global
step hook: the bug decays after one epoch at config.lr, the fixed twin after two.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, logging, runpy, torch
from torch.optim.optimizer import register_optimizer_step_pre_hook
lrs = []
register_optimizer_step_pre_hook(lambda optimizer, args, kwargs: lrs.append(optimizer.param_groups[0]["lr"]))
logging.disable(logging.CRITICAL)
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("train.py", run_name="__main__")
import config
print(json.dumps({"step_lrs": lrs, "lr": config.lr, "steps_per_epoch": 2}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=100)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def steps_at_initial_lr(result):
    """How many optimizer steps ran at config.lr before the first decay."""
    return sum(1 for lr in result["step_lrs"] if abs(lr - result["lr"]) < 1e-12)


bug, fixed = probe(sys.argv[1]), probe(sys.argv[2])
print("bug:", bug)
print("fixed:", fixed)
# config.lr_decay_step = [2, 3]: two epochs (4 steps) at config.lr before the first decay
assert steps_at_initial_lr(fixed) == 2 * fixed["steps_per_epoch"], "fixed: the first milestone is not at epoch 2"
assert steps_at_initial_lr(bug) == 1 * bug["steps_per_epoch"], "bug: the milestones do not fire one epoch early"
print("symptom shown: the MultiStepLR decay comes one epoch early")

"""TL112 symptom: Pipeline._val_loop and _test_loop score the model under torch.no_grad() but
never call model.eval(), so the tutorial's network (BatchNorm + Dropout, a pretrained resnet18
in the original) is evaluated in train mode: every evaluation forward has dropout on and
BatchNorm normalising with the validation batch's statistics, and the validation data is written
into BatchNorm's running statistics. The fixed twin (issue #40's fix: eval() for the loops,
train() after) evaluates in eval mode and leaves the running statistics alone.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, runpy, torch
import torch.nn as nn
evaluation_modes = []
running_mean_changed = []
def record(module, inputs):
    if type(module) is nn.Sequential and len(module) == 2 and not torch.is_grad_enabled():
        evaluation_modes.append(module.training)
        batch_norm = module[0][1]
        before = batch_norm.running_mean.clone()
        module._running_mean_before = before
def compare(module, inputs, output):
    if hasattr(module, "_running_mean_before"):
        running_mean_changed.append(not torch.equal(module._running_mean_before, module[0][1].running_mean))
        del module._running_mean_before
pre = nn.modules.module.register_module_forward_pre_hook(record)
post = nn.modules.module.register_module_forward_hook(compare)
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("basic_tutorial_image.py", run_name="__main__")
print(json.dumps({"evaluation_forwards_in_train_mode": sum(evaluation_modes),
                  "evaluation_forwards": len(evaluation_modes),
                  "evaluation_forwards_that_moved_batchnorm_stats": sum(running_mean_changed)}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=100)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


bug, fixed = probe(sys.argv[1]), probe(sys.argv[2])
print("bug:", bug)
print("fixed:", fixed)
assert bug["evaluation_forwards"] == 2, "expected one validation and one test batch"
assert bug["evaluation_forwards_in_train_mode"] == 2, "bug: an evaluation ran in eval mode"
assert bug["evaluation_forwards_that_moved_batchnorm_stats"] == 2, "bug: evaluation left BatchNorm's statistics alone"
assert fixed["evaluation_forwards_in_train_mode"] == 0, "fixed: an evaluation ran in train mode"
assert fixed["evaluation_forwards_that_moved_batchnorm_stats"] == 0, "fixed: evaluation moved BatchNorm's statistics"
print("symptom shown: validation and test run in train mode and leak into BatchNorm's running statistics")

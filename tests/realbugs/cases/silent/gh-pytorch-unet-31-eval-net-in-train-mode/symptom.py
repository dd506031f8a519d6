"""TL112 symptom: eval_net() (eval.py) scores the validation images with net(img) while the UNet
is still in train mode: its BatchNorm layers normalise each single validation image with its
own statistics and fold the validation images into the running statistics. The probe wraps
eval_net to know when validation runs and records, per UNet forward, the mode and whether the
first BatchNorm's running mean moved; the fixed twin (net.eval() in eval_net, net.train() at
each epoch, the maintainer's fix) validates in eval mode.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, os, runpy, shutil, sys, warnings, torch
warnings.simplefilter("ignore")
import eval as evaluation
state = {"validating": False}
real_eval_net = evaluation.eval_net
def tracking_eval_net(*args, **kwargs):
    state["validating"] = True
    try:
        return real_eval_net(*args, **kwargs)
    finally:
        state["validating"] = False
evaluation.eval_net = tracking_eval_net
records = []
def before(module, inputs):
    if type(module).__name__ == "UNet":
        bn = module.inc.conv.conv[1]
        module._probe = (state["validating"], module.training, bn.running_mean.clone())
def after(module, inputs, output):
    if type(module).__name__ == "UNet":
        validating, training, mean = module._probe
        records.append((validating, training, not torch.equal(mean, module.inc.conv.conv[1].running_mean)))
torch.nn.modules.module.register_module_forward_pre_hook(before)
torch.nn.modules.module.register_module_forward_hook(after)
torch.manual_seed(0)
sys.argv = ["train.py"]
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("train.py", run_name="__main__")
shutil.rmtree("checkpoints", ignore_errors=True)
validation = [r for r in records if r[0]]
print(json.dumps({"validation_forwards": len(validation),
                  "validation_forwards_in_train_mode": sum(r[1] for r in validation),
                  "validation_forwards_moving_batchnorm_stats": sum(r[2] for r in validation)}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=110)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


bug, fixed = probe(sys.argv[1]), probe(sys.argv[2])
print("bug:", bug)
print("fixed:", fixed)
assert bug["validation_forwards"] > 0
assert bug["validation_forwards_in_train_mode"] == bug["validation_forwards"], "bug: validation ran in eval mode"
assert bug["validation_forwards_moving_batchnorm_stats"] == bug["validation_forwards"], "bug: validation left BatchNorm alone"
assert fixed["validation_forwards_in_train_mode"] == 0 and fixed["validation_forwards_moving_batchnorm_stats"] == 0, "fixed: validation still in train mode"
print("symptom shown: validation runs in train mode and leaks into BatchNorm's running statistics")

"""TL112 symptom: train_classification.py scores one test batch every few iterations inside the
training loop without classifier.eval(); PointNet is full of BatchNorm, so the test forward
normalises with the test batch's own statistics and writes them into the running means the
trained model will use. A forward pre-hook recognises test batches (their points come from the
test PartDataset) and records the mode and whether BatchNorm's running mean moved; the fixed twin
(PR #19: classifier.train() before training, classifier.eval() before testing) leaves it alone.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, runpy, sys, torch
from datasets import PartDataset
test_points = PartDataset(root='', classification=True, train=False, npoints=256).points
test_keys = {tuple(round(float(v), 5) for v in sample[0]) for sample in test_points}
records = []
def before(module, inputs):
    if type(module).__name__ == "PointNetCls":
        first_points = inputs[0][:, :, 0]
        is_test = all(tuple(round(float(v), 5) for v in p) in test_keys for p in first_points)
        module._probe = (is_test, module.training, module.feat.bn1.running_mean.clone())
def after(module, inputs, output):
    if type(module).__name__ == "PointNetCls":
        is_test, training, mean = module._probe
        records.append((is_test, training, not torch.equal(mean, module.feat.bn1.running_mean)))
torch.nn.modules.module.register_module_forward_pre_hook(before)
torch.nn.modules.module.register_module_forward_hook(after)
torch.manual_seed(0)
sys.argv = ["train_classification.py"]
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("train_classification.py", run_name="__main__")
tests = [r for r in records if r[0]]
print(json.dumps({"test_forwards": len(tests), "test_forwards_in_train_mode": sum(r[1] for r in tests),
                  "test_forwards_moving_batchnorm_stats": sum(r[2] for r in tests)}))
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
assert bug["test_forwards"] == 2, "expected two test batches"
assert bug["test_forwards_in_train_mode"] == 2 and bug["test_forwards_moving_batchnorm_stats"] == 2, "bug: testing left BatchNorm alone"
assert fixed["test_forwards_in_train_mode"] == 0 and fixed["test_forwards_moving_batchnorm_stats"] == 0, "fixed: testing still in train mode"
print("symptom shown: the test batches run in train mode and leak into BatchNorm's running statistics")

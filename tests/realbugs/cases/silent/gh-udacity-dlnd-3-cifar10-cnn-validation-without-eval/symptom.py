"""TL112 symptom: the CIFAR-10 notebook's validation and test loops call model(data) without
model.eval(), so the CNN's Dropout(0.25) stays active while the validation loss (used to
pick the checkpoint) and the test accuracy are measured: every evaluation forward runs in train
mode, and scoring the same test batch twice gives two different outputs. The fixed twin (the
maintainer's model.train()/model.eval() calls) evaluates in eval mode, deterministically.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, os, runpy, torch
import torch.nn as nn
modes = []
hook = nn.modules.module.register_module_forward_pre_hook(
    lambda module, inputs: modes.append(module.training) if type(module).__name__ == "Net" else None)
with contextlib.redirect_stdout(io.StringIO()):
    g = runpy.run_path("cifar10_cnn_solution.py", run_name="__main__")
hook.remove()
os.remove("model_cifar.pt")
n_train, n_valid = len(g["train_loader"]), len(g["valid_loader"])
per_epoch = n_train + n_valid
evaluation_modes = [mode for epoch in range(g["n_epochs"])
                    for mode in modes[epoch * per_epoch + n_train:(epoch + 1) * per_epoch]]
evaluation_modes += modes[g["n_epochs"] * per_epoch:]
data, _ = next(iter(g["test_loader"]))
with torch.no_grad():
    twice = (g["model"](data) - g["model"](data)).abs().max().item()
print(json.dumps({"evaluation_forwards": len(evaluation_modes),
                  "evaluation_forwards_in_train_mode": sum(evaluation_modes),
                  "same_test_batch_scored_twice_max_difference": twice}))
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
assert bug["evaluation_forwards"] > 0
assert bug["evaluation_forwards_in_train_mode"] == bug["evaluation_forwards"], "bug: some evaluation ran in eval mode"
assert bug["same_test_batch_scored_twice_max_difference"] > 1e-4, "bug: dropout is not active at test time"
assert fixed["evaluation_forwards_in_train_mode"] == 0, "fixed: some evaluation still ran in train mode"
assert fixed["same_test_batch_scored_twice_max_difference"] == 0.0, "fixed: test outputs are still random"
print("symptom shown: validation and test run with dropout on, and test scores are random")

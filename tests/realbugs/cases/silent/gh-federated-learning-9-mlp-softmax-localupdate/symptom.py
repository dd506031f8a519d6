"""TL110 symptom: MLP.forward returns self.softmax(x) (nn.Softmax(dim=1) from __init__) and
LocalUpdate.train, in another module, feeds that output to nn.CrossEntropyLoss, which applies
log_softmax again: every client trains on rows that already sum to 1, and after the same
federated rounds the global model is far less accurate than the fixed twin's (logits).

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, re, runpy, sys, torch
import numpy as np
np.random.seed(0)
torch.manual_seed(0)
sys.argv = ["main_fed.py"]
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    g = runpy.run_path("main_fed.py", run_name="__main__")
accuracy = float(re.findall(r"Testing accuracy: ([0-9.]+)", printed.getvalue())[-1])
with torch.no_grad():
    rows = g["net_glob"](torch.rand(4, 1, 28, 28)).sum(dim=1)
print(json.dumps({"test_accuracy": accuracy, "row_sums": rows.tolist()}))
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
assert all(abs(total - 1.0) < 1e-5 for total in bug["row_sums"]), "bug: the loss input is not probabilities"
assert not all(abs(total - 1.0) < 1e-3 for total in fixed["row_sums"]), "fixed: the loss input is still probabilities"
assert fixed["test_accuracy"] > bug["test_accuracy"] + 10, "bug: no accuracy gap against the fixed twin"
print("symptom shown: probabilities enter CrossEntropyLoss and the federated model learns less")

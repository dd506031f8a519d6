"""TL110 symptom: Network.forward ends in F.softmax and train() feeds its output to
nn.CrossEntropyLoss (log_softmax inside): the loss sees rows that already sum to 1 and the
network learns far more slowly than the fixed twin (logits) in the same three epochs.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import os
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, os, re, runpy, torch
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    g = runpy.run_path("main_pytorch.py", run_name="__main__")
os.remove("result.csv")
accuracies = [float(a) for a in re.findall(r"test acc: ([0-9.]+)%", printed.getvalue())]
with torch.no_grad():
    rows = g["model"](torch.rand(4, 9, 1, 128)).sum(dim=1)
print(json.dumps({"final_test_accuracy": accuracies[-1], "row_sums": rows.tolist()}))
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
assert fixed["final_test_accuracy"] > bug["final_test_accuracy"] + 20, "bug: no learning gap against the fixed twin"
print("symptom shown: probabilities enter CrossEntropyLoss and the bug learns far less")

"""TL110 symptom: Model.forward ends in out.softmax(dim=1) and the training cell feeds it to
CrossEntropyLoss, which applies log_softmax again. With two classes the loss of a probability
row can never go below log(1 + e^-1) ~ 0.313, however well the classifier separates the
sentences, and the gradient it sends back is squashed; the fixed twin (logits, the issue's fix)
drives the same loss towards 0.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import math
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, re, runpy, torch
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    g = runpy.run_path("chinese_classification.py", run_name="__main__")
losses = [float(m.group(1)) for m in re.finditer(r"^\d+ ([0-9.]+) [0-9.]+$", printed.getvalue(), re.M)]
input_ids, attention_mask, token_type_ids, labels = next(iter(g["loader"]))
with torch.no_grad():
    rows = g["model"](input_ids, attention_mask, token_type_ids).sum(dim=1)
print(json.dumps({"last_training_loss": losses[-1], "row_sums": rows.tolist()}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=100)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


FLOOR = math.log(1 + math.exp(-1))  # CrossEntropyLoss of a one-hot probability row, two classes
bug, fixed = probe(sys.argv[1]), probe(sys.argv[2])
print("bug:", bug)
print("fixed:", fixed)
assert all(abs(total - 1.0) < 1e-5 for total in bug["row_sums"]), "bug: the loss input is not probabilities"
assert bug["last_training_loss"] > FLOOR, "bug: the loss went below the double-softmax floor"
assert fixed["last_training_loss"] < FLOOR / 2, "fixed: the loss did not fall well below the floor"
print("symptom shown: probabilities enter CrossEntropyLoss and the loss is stuck above log(1 + 1/e)")

"""TL110 symptom: the Sequential ends in Softmax, so CrossEntropyLoss (log_softmax inside)
receives rows that already sum to 1 and the network barely learns; the fixed twin, fed logits,
separates the classes in the same five epochs.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, re, runpy, torch
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    runpy.run_path("3_neural_net.py", run_name="__main__")
accuracies = [float(a) for a in re.findall(r"acc = ([0-9.]+)%", printed.getvalue())]
module = runpy.run_path("3_neural_net.py", run_name="probe")
torch.manual_seed(0)
row_sums = module["build_model"](784, 10)(torch.rand(4, 784)).sum(dim=1)
print(json.dumps({"final_accuracy": accuracies[-1], "row_sums": row_sums.tolist()}))
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
assert all(abs(total - 1.0) < 1e-5 for total in bug["row_sums"]), "bug: the loss input is not probabilities"
assert not all(abs(total - 1.0) < 1e-3 for total in fixed["row_sums"]), "fixed: the loss input is still probabilities"
assert fixed["final_accuracy"] > bug["final_accuracy"] + 25, "bug: no learning gap against the fixed twin"
print("symptom shown: probabilities enter CrossEntropyLoss and the bug learns far less than the fixed twin")

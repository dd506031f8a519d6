"""TL110 symptom: Item2Vec.forward ends in self.out_act = nn.Sigmoid() and calc_loss feeds that
probability to the criterion the base class builds for loss_type 'CL', nn.BCEWithLogitsLoss,
which applies a sigmoid again: the probability the loss scores is sigmoid(sigmoid(x)), never
below 0.5, so a negative pair can never cost less than log 2 and training stalls ("loss does
not converge"). The fixed twin (PR #15) returns the raw score.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import math
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, logging, math, runpy, torch
logging.disable(logging.CRITICAL)
with contextlib.redirect_stdout(io.StringIO()):
    g = runpy.run_path("run_item2vec.py", run_name="__main__")
model, pairs = g["model"], g["pairs"]
negatives = pairs[pairs[:, 2] == 0]
with torch.no_grad():
    scores = model(negatives[:, 0], negatives[:, 1])
    losses = torch.nn.functional.binary_cross_entropy_with_logits(scores, torch.zeros_like(scores), reduction="none")
print(json.dumps({"score_min": scores.min().item(), "score_max": scores.max().item(),
                  "min_loss_on_a_negative_pair": losses.min().item(),
                  "share_of_negative_pairs_below_log2": (losses < math.log(2)).float().mean().item()}))
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
assert 0.0 <= bug["score_min"] and bug["score_max"] <= 1.0, "bug: the loss input is not a probability"
assert bug["min_loss_on_a_negative_pair"] >= math.log(2) - 1e-6, "bug: some negative pair costs less than log 2"
assert fixed["share_of_negative_pairs_below_log2"] > 0.25, "fixed: negatives still cost at least log 2"
print("symptom shown: sigmoid outputs enter BCEWithLogitsLoss and negative pairs stay above log 2")

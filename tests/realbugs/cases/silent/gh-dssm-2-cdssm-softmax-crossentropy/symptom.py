"""TL110 symptom: CDSSM.forward returns F.softmax(with_gamma), the script feeds it to
CrossEntropyLoss (log_softmax inside): the loss input sums to 1 over the J+1 documents and the
gradient that reaches the query/document layers is far smaller than the fixed twin's on the
same weights and query.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, runpy
import numpy as np, torch
np.random.seed(0)
torch.manual_seed(0)
with contextlib.redirect_stdout(io.StringIO()):
    g = runpy.run_path("cdssm.py", run_name="__main__")
torch.manual_seed(1)
model = g["CDSSM"]()
J = g["J"]
y_pred = model(g["l_Qs"][0], g["pos_l_Ds"][0], [g["neg_l_Ds"][j][0] for j in range(J)])
loss = torch.nn.CrossEntropyLoss()(y_pred.reshape(1, J + 1), g["y"])
loss.backward()
print(json.dumps({"loss_input_sum": y_pred.sum().item(),
                  "query_sem_grad_norm": model.query_sem.weight.grad.norm().item()}))
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
assert abs(bug["loss_input_sum"] - 1.0) < 1e-5, "bug: the loss input is not probabilities"
assert abs(fixed["loss_input_sum"] - 1.0) > 1e-3, "fixed: the loss input is still probabilities"
assert bug["query_sem_grad_norm"] * 3 < fixed["query_sem_grad_norm"], "bug: the gradient is not squashed"
print("symptom shown: probabilities enter CrossEntropyLoss and the query layer's gradient shrinks")

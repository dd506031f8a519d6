"""TL114 symptom: attention_net turns final_state, (num_directions=2, batch, n_hidden), into the
(batch, 2 * n_hidden, 1) query with `view`, which pairs rows of the wrong sentences: sentence k's
attention then depends on the other sentences in the batch. Scoring a sentence alone and inside
the batch must give the same output; the bug does not, the fixed twin (transpose first) does.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, runpy, warnings
import torch
warnings.simplefilter("ignore")
torch.manual_seed(0)
with contextlib.redirect_stdout(io.StringIO()):
    g = runpy.run_path("Bi-LSTM(Attention).py", run_name="__main__")
model, inputs = g["model"], g["inputs"]
with torch.no_grad():
    in_batch, _ = model(inputs)
    alone = torch.cat([model(inputs[k:k + 1])[0] for k in range(len(inputs))])
print(json.dumps({"max_difference_alone_vs_batch": (in_batch - alone).abs().max().item()}))
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
assert bug["max_difference_alone_vs_batch"] > 1e-3, "bug: a sentence's score does not depend on its batch"
assert fixed["max_difference_alone_vs_batch"] < 1e-5, "fixed: a sentence's score still depends on its batch"
print("symptom shown: view mixes the batch's sentences into each query; transpose keeps them apart")

"""TL114 symptom: X_train holds one AR window per row, (num_train, input_size), and the script
turns it into the LSTM's (seq_len, batch, 1) input with `view([input_size, -1, 1])`, which cuts
the rows' concatenation into input_size chunks instead of transposing: sequence b is no longer
window b, so y_train[b] is no longer the value that follows the sequence the LSTM reads. The fixed
twin (`.t()` first) feeds window b as sequence b.

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
    g = runpy.run_path("lstm-baseline.py", run_name="__main__")
windows = torch.from_numpy(g["data"].X_train).float()      # (num_train, input_size)
sequences = g["X_train"][:, :, 0].t()                        # sequence b as the LSTM reads it
print(json.dumps({"sequences_are_windows": bool(torch.equal(sequences, windows)),
                  "final_mse": float(g["hist"][-1])}))
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
assert not bug["sequences_are_windows"], "bug: the LSTM reads the AR windows"
assert fixed["sequences_are_windows"], "fixed: the LSTM does not read the AR windows"
print("symptom shown: view scrambles the windows into the sequences; the fixed twin reads them in order")

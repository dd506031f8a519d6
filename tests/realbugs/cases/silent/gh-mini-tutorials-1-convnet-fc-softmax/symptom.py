"""TL110 symptom: ConvNet's fc Sequential ends in ReLU + Softmax, so CrossEntropyLoss receives
rows that already sum to 1; its log_softmax then flattens the gradient that reaches the
classifier, which on the same weights and batch is far smaller than the fixed twin's.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import json, runpy, torch
module = runpy.run_path("5_convolutional_net.py", run_name="probe")
torch.manual_seed(0)
model = module["ConvNet"](output_dim=10)
model.eval()  # dropout off: the same forward on both twins
x = torch.rand(16, 1, 28, 28)
y = torch.randint(0, 10, (16,))
fx = model.forward(x)
torch.nn.CrossEntropyLoss()(fx, y).backward()
print(json.dumps({"row_sums": fx.sum(dim=1).tolist(),
                  "fc2_grad_norm": model.fc.fc2.weight.grad.norm().item()}))
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
assert bug["fc2_grad_norm"] * 5 < fixed["fc2_grad_norm"], "bug: the classifier's gradient is not squashed"
print("symptom shown: probabilities enter CrossEntropyLoss and the classifier's gradient shrinks")

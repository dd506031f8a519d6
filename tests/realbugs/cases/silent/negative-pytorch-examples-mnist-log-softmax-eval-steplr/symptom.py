"""Look-alike negative (TL110, TL111, TL112): pytorch/examples' MNIST script is correct where the
three silent-bug rules look. Net.forward ends in F.log_softmax and the loss is F.nll_loss (not
CrossEntropyLoss), so rows of exp(output) sum to 1 and the loss is the true cross-entropy of the
logits; StepLR.step() runs after each epoch's optimizer steps, so the first epoch trains at
--lr; test() calls model.eval() (and train() calls model.train()), so every evaluation forward
runs with dropout off and a second scoring of the same batch gives the same output. The probe
checks all three and that the test loss falls; bug/ and fixed/ are the same program.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, re, runpy, sys, torch
import torch.nn.functional as F
from torch.optim.optimizer import register_optimizer_step_pre_hook
lrs = []
register_optimizer_step_pre_hook(lambda optimizer, args, kwargs: lrs.append(optimizer.param_groups[0]["lr"]))
modes = []
torch.nn.modules.module.register_module_forward_pre_hook(
    lambda module, inputs: modes.append((module.training, torch.is_grad_enabled())) if type(module).__name__ == "Net" else None)
sys.argv = ["main.py"]
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    g = runpy.run_path("main.py", run_name="__main__")
test_losses = [float(x) for x in re.findall(r"Average loss: ([0-9.]+)", printed.getvalue())]
net = g["Net"]()
net.eval()
x = torch.rand(4, 1, 28, 28)
with torch.no_grad():
    output = net(x)
    logits = net.fc2(F.relu(net.fc1(torch.flatten(F.max_pool2d(F.relu(net.conv2(F.relu(net.conv1(x)))), 2), 1))))
target = torch.tensor([0, 1, 2, 3])
print(json.dumps({
    "first_epoch_lr": lrs[0],
    "exp_row_sums": output.exp().sum(dim=1).tolist(),
    "nll_minus_cross_entropy_of_logits": (F.nll_loss(output, target) - F.cross_entropy(logits, target)).abs().item(),
    "evaluation_forwards_in_train_mode": sum(1 for training, grad in modes if not grad and training),
    "evaluation_forwards": sum(1 for training, grad in modes if not grad),
    "test_losses": test_losses}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=110)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


for side, folder in (("bug", sys.argv[1]), ("fixed", sys.argv[2])):
    result = probe(folder)
    print(f"{side}:", result)
    assert result["first_epoch_lr"] == 1.0, f"{side}: the first epoch did not train at --lr"
    assert all(abs(total - 1.0) < 1e-5 for total in result["exp_row_sums"]), f"{side}: the output is not log-probabilities"
    assert result["nll_minus_cross_entropy_of_logits"] < 1e-5, f"{side}: nll_loss of the output is not the logits' cross-entropy"
    assert result["evaluation_forwards"] > 0 and result["evaluation_forwards_in_train_mode"] == 0, f"{side}: evaluation ran in train mode"
    assert result["test_losses"][-1] < result["test_losses"][0], f"{side}: the test loss did not fall"
print("correct behaviour shown: log_softmax + nll_loss, scheduler after the epoch, eval() for testing")

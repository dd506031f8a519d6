"""Look-alike negative (TL110, TL111, TL112, TL113, TL114): pytorch/examples' word language model
is correct where the silent-bug rules look. It calls loss.backward() in a loop with no optimizer
(the default path updates p.data by hand with p.grad, the question of pytorch/pytorch#1271), so
every parameter of the saved best model differs from its initial value; repackage_hidden() detaches the LSTM state between batches, which cuts
the graph only at the batch boundary, so the gradients still reach every parameter; RNNModel
returns F.log_softmax into nn.NLLLoss; evaluate() runs in eval mode and train() switches back;
batchify's view(bsz, -1).t() makes column j the j-th contiguous slice of the corpus. bug/ and
fixed/ are the same program.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, copy, io, json, os, re, runpy, sys, torch
initial, modes = {}, []
def record(module, inputs):
    if type(module).__name__ == "RNNModel":
        if not initial:
            initial.update(copy.deepcopy(module.state_dict()))
        modes.append((module.training, torch.is_grad_enabled()))
torch.nn.modules.module.register_module_forward_pre_hook(record)
sys.argv = ["main.py"]
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    g = runpy.run_path("main.py", run_name="__main__")
os.remove("model.pt")
model = g["model"]
valid = [float(v) for v in re.findall(r"valid loss +([0-9.]+)", printed.getvalue())]
train_data, corpus = g["train_data"], g["corpus"]
nbatch = train_data.size(0)
columns_are_slices = all(torch.equal(train_data[:, j], corpus.train[j * nbatch:(j + 1) * nbatch])
                         for j in range(train_data.size(1)))
print(json.dumps({
    "parameters_moved": sum(not torch.equal(v, initial[k]) for k, v in model.state_dict().items()),
    "parameters": len(initial),
    "training_forwards_in_eval_mode": sum(1 for training, grad in modes if grad and not training),
    "evaluation_forwards_in_train_mode": sum(1 for training, grad in modes if not grad and training),
    "valid_losses": valid,
    "batchify_columns_are_contiguous_slices": columns_are_slices}))
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
    assert result["parameters_moved"] == result["parameters"], f"{side}: some parameter never moved"
    assert result["training_forwards_in_eval_mode"] == 0, f"{side}: training ran in eval mode"
    assert result["evaluation_forwards_in_train_mode"] == 0, f"{side}: evaluation ran in train mode"
    assert result["valid_losses"][-1] < result["valid_losses"][0], f"{side}: the validation loss did not fall"
    assert result["batchify_columns_are_contiguous_slices"], f"{side}: batchify scrambled the corpus"
print("correct behaviour shown: manual SGD trains every parameter; eval/train modes and batchify are right")

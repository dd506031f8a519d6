"""TL112 symptom: Trainer.validate() runs every interval_validate iterations inside train_epoch()
and switches the model to eval() without switching back; train_epoch() only calls train() once
per epoch, so every training step after a mid-epoch validation runs with Dropout2d (drop6,
drop7) off. A forward pre-hook on the model records its mode at each training forward (grad
enabled); the fixed twin restores train mode after validating.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, runpy, warnings, torch
warnings.simplefilter("ignore")
import torchfcn
modes = []
init = torchfcn.models.FCN32s.__init__
def recording_init(self, *args, **kwargs):
    init(self, *args, **kwargs)
    self.register_forward_pre_hook(
        lambda module, inputs: modes.append(module.drop6.training) if torch.is_grad_enabled() else None)
torchfcn.models.FCN32s.__init__ = recording_init
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("train_fcn32s.py", run_name="__main__")
print(json.dumps({"dropout_on_at_training_steps": modes}))
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
assert bug["dropout_on_at_training_steps"] and not any(bug["dropout_on_at_training_steps"]), \
    "bug: some training steps ran in train mode"
assert fixed["dropout_on_at_training_steps"] and all(fixed["dropout_on_at_training_steps"]), \
    "fixed: some training steps ran in eval mode"
print("symptom shown: after the mid-epoch validation every training step runs with dropout off")

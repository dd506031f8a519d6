"""TL113 symptom: ComputeLoss.forward returns Variable(loss, requires_grad=True); today's
Variable() copies the loss into a new leaf with no history, so loss.backward() in
TrainerDAGMM.train reaches none of DAGMM's parameters: their .grad stays None, Adam skips them
and the network leaves training exactly as it started ("Loss is not reducing and gradients are
coming up as None"). The fixed twin returns the loss itself.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, copy, io, json, runpy, sys, warnings, torch
import numpy as np
warnings.simplefilter("ignore")
initial = {}
def snapshot(module, inputs):
    if type(module).__name__ == "DAGMM" and not initial:
        initial.update(copy.deepcopy(module.state_dict()))
hook = torch.nn.modules.module.register_module_forward_pre_hook(snapshot)
np.random.seed(0)
torch.manual_seed(0)
sys.argv = ["main.py"]
with contextlib.redirect_stdout(io.StringIO()):
    g = runpy.run_path("main.py", run_name="__main__")
hook.remove()
model = g["DAGMM"].model
moved = [name for name, value in model.state_dict().items() if not torch.equal(value, initial[name])]
print(json.dumps({"parameters": len(initial), "moved": len(moved),
                  "with_gradient": sum(p.grad is not None for p in model.parameters())}))
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
assert bug["with_gradient"] == 0 and bug["moved"] == 0, "bug: the network got gradients or changed"
assert fixed["with_gradient"] == fixed["parameters"] and fixed["moved"] == fixed["parameters"], "fixed: the network did not train"
print("symptom shown: no parameter gets a gradient and DAGMM never changes")

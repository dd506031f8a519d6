"""TL113 symptom: the reporter replaced np.sum over the per-stage losses with
torch.tensor([...], requires_grad=True).sum(): torch.tensor copies the stage losses' values
into a new leaf, so loss.backward() stops at that leaf, no parameter of DGUNet gets a gradient,
Adam's step changes nothing and the validation PSNR stays exactly where it started, as the
report says. The fixed twin (torch.stack) trains and its PSNR rises.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, re, runpy, torch
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    g = runpy.run_path("train.py", run_name="__main__")
psnrs = [float(p) for p in re.findall(r"PSNR: ([0-9.]+) ---", printed.getvalue())]
grads = [p.grad for p in g["model_restoration"].parameters()]
print(json.dumps({"psnr_per_epoch": psnrs,
                  "parameters_with_gradient": sum(grad is not None for grad in grads),
                  "parameters": len(grads)}))
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
assert bug["parameters_with_gradient"] == 0, "bug: some parameter got a gradient"
assert len(set(bug["psnr_per_epoch"])) == 1, "bug: the validation PSNR moved"
assert fixed["parameters_with_gradient"] == fixed["parameters"], "fixed: a parameter got no gradient"
assert fixed["psnr_per_epoch"][-1] > fixed["psnr_per_epoch"][0], "fixed: the validation PSNR did not rise"
print("symptom shown: no parameter gets a gradient and the PSNR never changes")

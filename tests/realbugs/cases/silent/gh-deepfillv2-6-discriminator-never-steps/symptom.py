"""TL111 symptom: WGAN_trainer computes loss_D and calls loss_D.backward() every batch, but
optimizer_d.step() is never called, so the discriminator's trainable weights leave training
exactly as they were initialised (only spectral norm's power-iteration buffers move); the
generator trains against a frozen critic. The fixed twin steps optimizer_d and its weights move.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, copy, io, json, runpy, sys, torch
import utils
created = []
create_discriminator = utils.create_discriminator
def recording_create_discriminator(opt):
    net = create_discriminator(opt)
    created.append((net, copy.deepcopy(net.state_dict())))
    return net
utils.create_discriminator = recording_create_discriminator
torch.manual_seed(0)
sys.argv = ["train.py"]
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("train.py", run_name="__main__")
net, initial = created[0]
trainable = [name for name, p in net.named_parameters() if p.requires_grad]
moved = [name for name in trainable if not torch.equal(net.state_dict()[name], initial[name])]
print(json.dumps({"trainable": len(trainable), "moved": len(moved)}))
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
assert bug["trainable"] > 0 and bug["moved"] == 0, "bug: the discriminator's weights changed"
assert fixed["moved"] >= fixed["trainable"] - 1, "fixed: the discriminator's weights did not change"  # the last bias gets no gradient from a WGAN loss
print("symptom shown: the discriminator never updates although loss_D.backward() runs every batch")

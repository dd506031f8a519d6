"""Look-alike negative (TL110, TL111, TL113): the "GAN in 50 lines" script is correct where the
rules look. Its D step trains on G(...).detach() (detached on purpose: "to avoid training G on
these labels"), backpropagates two losses into D's gradients before one d_optimizer.step(),
and its G step runs D without detaching (issue #14 asks whether that trains D: it does not,
g_optimizer only holds G's parameters); D ends in a sigmoid that feeds BCELoss, which expects
probabilities. The probe snapshots both networks around every optimizer step: each d step
moves D and not G, each g step moves G and not D, so the detach cuts nothing the optimizers need.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import contextlib, io, json, runpy, torch
from torch.optim.optimizer import register_optimizer_step_pre_hook, register_optimizer_step_post_hook
nets = {}
def remember(module, inputs):
    if type(module).__name__ in ("Generator", "Discriminator"):
        nets.setdefault(type(module).__name__, module)
torch.nn.modules.module.register_module_forward_pre_hook(remember)
def snapshot():
    return {name: [p.detach().clone() for p in net.parameters()] for name, net in nets.items()}
before, steps = {}, []
def pre(optimizer, args, kwargs):
    before["params"] = snapshot()
def post(optimizer, args, kwargs):
    owner = "Generator" if any(optimizer.param_groups[0]["params"][0] is p for p in nets["Generator"].parameters()) else "Discriminator"
    after = snapshot()
    moved = {name: any(not torch.equal(a, b) for a, b in zip(before["params"][name], after[name])) for name in after}
    steps.append((owner, moved["Generator"], moved["Discriminator"]))
register_optimizer_step_pre_hook(pre)
register_optimizer_step_post_hook(post)
torch.manual_seed(0)
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("gan_pytorch.py", run_name="__main__")
d_steps = [s for s in steps if s[0] == "Discriminator"]
g_steps = [s for s in steps if s[0] == "Generator"]
print(json.dumps({
    "d_steps": len(d_steps), "d_steps_moving_D": sum(s[2] for s in d_steps), "d_steps_moving_G": sum(s[1] for s in d_steps),
    "g_steps": len(g_steps), "g_steps_moving_G": sum(s[1] for s in g_steps), "g_steps_moving_D": sum(s[2] for s in g_steps)}))
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
    assert result["d_steps"] > 0 and result["d_steps_moving_D"] == result["d_steps"], f"{side}: a d step left D unchanged"
    assert result["d_steps_moving_G"] == 0, f"{side}: a d step moved G"
    assert result["g_steps"] > 0 and result["g_steps_moving_G"] == result["g_steps"], f"{side}: a g step left G unchanged"
    assert result["g_steps_moving_D"] == 0, f"{side}: a g step moved D"
print("correct behaviour shown: the detached fake batch trains D only, the G step trains G only")

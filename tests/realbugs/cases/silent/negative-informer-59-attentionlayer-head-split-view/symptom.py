"""Look-alike negative (TL114): after the fix of Informer2020#59, AttentionLayer still reshapes with
`view` — `.view(B, L, H, -1)` splits the last axis of the projections into heads and
`out.view(B, L, -1)` merges them back — and these views are real reshapes (the split axis is
last and contiguous), unlike the reordering views the issue was about. The probe checks the
reshapes: with ProbAttention attending to every query (factor 3, L = 9) the layer equals
FullAttention on the same weights, and each head's output depends only on that head's slice of
the projections. bug/ and fixed/ are the same program.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import json, torch
from models.attn import AttentionLayer, FullAttention, ProbAttention
torch.manual_seed(0)
L, d_model, n_heads = 9, 16, 4
prob = AttentionLayer(ProbAttention(False, factor=3, attention_dropout=0.0), d_model, n_heads).double().eval()
full = AttentionLayer(FullAttention(False, factor=3, attention_dropout=0.0), d_model, n_heads).double().eval()
full.load_state_dict(prob.state_dict())
x = torch.randn(2, L, d_model).double()
with torch.no_grad():
    out_prob, _ = prob(x, x, x, None)
    out_full, _ = full(x, x, x, None)
    # head independence: zeroing head 0's value projection rows changes only head 0's context
    inner = {}
    full.inner_attention.register_forward_hook(lambda m, i, o: inner.__setitem__("V", o[0]))
    full(x, x, x, None); before = inner["V"].clone()
    full.value_projection.weight[:d_model // n_heads] = 0
    full(x, x, x, None); after = inner["V"]
changed_heads = [(before[:, :, h] - after[:, :, h]).abs().max().item() > 0 for h in range(n_heads)]
print(json.dumps({"prob_vs_full_max_difference": (out_prob - out_full).abs().max().item(),
                  "heads_changed_by_editing_head_0": changed_heads}))
"""


def probe(folder):
    """Run PROBE in ``folder`` and return the JSON it prints last."""
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=100)
    if run.returncode != 0:
        sys.exit(f"probe failed in {folder}:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


for side, folder in (("bug", sys.argv[1]), ("fixed", sys.argv[2])):
    result = probe(folder)
    print(f"{side}:", result)
    assert result["prob_vs_full_max_difference"] < 1e-9, f"{side}: ProbAttention disagrees with FullAttention"
    assert result["heads_changed_by_editing_head_0"] == [True, False, False, False], f"{side}: heads are mixed"
print("correct behaviour shown: the head-splitting views are true reshapes")

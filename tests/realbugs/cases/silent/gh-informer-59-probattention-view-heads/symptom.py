"""TL114 symptom: ProbAttention.forward turns the [B, L, H, D] projections into [B, H, L, D] with
`view`, which reinterprets the memory instead of swapping the axes, so positions and heads are
scrambled. When ProbAttention attends to every query (u = L) it must equal FullAttention on the
same input and weights; the bug does not, the fixed twin (transpose) does.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import json, torch
from models.attn import AttentionLayer, FullAttention, ProbAttention
torch.manual_seed(0)
L, d_model, n_heads = 9, 16, 4   # factor 3 * ceil(ln 9) = 9: every query and key is used
prob = AttentionLayer(ProbAttention(False, factor=3, attention_dropout=0.0), d_model, n_heads).double().eval()
full = AttentionLayer(FullAttention(False, factor=3, attention_dropout=0.0), d_model, n_heads).double().eval()
full.load_state_dict(prob.state_dict())
x = torch.randn(2, L, d_model).double()
with torch.no_grad():
    out_prob, _ = prob(x, x, x, None)
    out_full, _ = full(x, x, x, None)
print(json.dumps({"max_difference_from_full_attention": (out_prob - out_full).abs().max().item()}))
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
assert bug["max_difference_from_full_attention"] > 1e-2, "bug: ProbAttention agrees with FullAttention"
assert fixed["max_difference_from_full_attention"] < 1e-9, "fixed: ProbAttention still disagrees"
print("symptom shown: view scrambles heads and positions; transpose reproduces full attention")

"""TL110 symptom: AttentionalClassify turns the cosine similarities into a softmax pdf and
MatchingNetwork.forward hands those class probabilities (rows summing to 1) to F.cross_entropy,
which applies log_softmax again; on the same weights and episode the embedding network gets a
gradient half the size of the fixed twin's, which classifies from the raw similarities.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import json, warnings
import numpy as np, torch
warnings.simplefilter("ignore")
from models.MatchingNetwork import MatchingNetwork
from models.AttentionalClassify import AttentionalClassify
torch.manual_seed(0)
rng = np.random.RandomState(0)
net = MatchingNetwork(keep_prob=torch.FloatTensor(1), batch_size=4, num_channels=1, fce=False,
                      num_classes_per_set=5, num_samples_per_class=1, nClasses=0, image_size=28)
support = torch.from_numpy(rng.rand(4, 5, 1, 28, 28)).float()
labels = torch.arange(5).repeat(4, 1)
one_hot = torch.zeros(4, 5, 5).scatter_(2, labels.unsqueeze(2), 1)
target = support[:, :1] + 0.1 * torch.from_numpy(rng.rand(4, 1, 1, 28, 28)).float()
target_label = torch.zeros(4, 1, dtype=torch.long)
acc, loss = net(support, one_hot, target, target_label)
loss.backward()
preds = AttentionalClassify()(torch.rand(4, 5) * 2 - 1, support_set_y=one_hot)
print(json.dumps({"pred_row_sums": preds.sum(dim=1).tolist(),
                  "embedding_grad_norm": net.g.layer4[0].weight.grad.norm().item()}))
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
assert all(abs(total - 1.0) < 1e-5 for total in bug["pred_row_sums"]), "bug: preds are not probabilities"
assert not all(abs(total - 1.0) < 1e-3 for total in fixed["pred_row_sums"]), "fixed: preds are still probabilities"
assert bug["embedding_grad_norm"] * 1.5 < fixed["embedding_grad_norm"], "bug: the embedding's gradient is not squashed"
print("symptom shown: probabilities enter F.cross_entropy and the embedding network's gradient shrinks")

"""TL114 symptom: Encoder.forward reshapes the (batch, 2048, 7, 7) feature maps to
(batch, 49, 2048) with `view`, so "pixel" p of enc_image is not the 2048 features at that pixel
but a run of 2048 values across channels and pixels. The fixed twin permutes to (batch, 7, 7, 2048)
first: enc_image[b, p] is then exactly encoded_image[b, :, p // 7, p % 7].

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import json, torch
from models import Encoder
torch.manual_seed(0)
encoder = Encoder(hidden_size=64, embed_size=64)
images = torch.rand(2, 3, 56, 56)
with torch.no_grad():
    encoded_image = encoder.resnet(images)                      # (2, 2048, 7, 7)
    _, _, enc_image = encoder(images)                           # (2, 49, 2048)
per_pixel = encoded_image.permute(0, 2, 3, 1).reshape(2, 49, 2048)
print(json.dumps({"shape": list(enc_image.shape),
                  "max_difference_from_per_pixel_features": (enc_image - per_pixel).abs().max().item()}))
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
assert bug["shape"] == fixed["shape"] == [2, 49, 2048], "the twins do not both give (batch, 49, 2048)"
assert bug["max_difference_from_per_pixel_features"] > 1e-3, "bug: enc_image holds the per-pixel features"
assert fixed["max_difference_from_per_pixel_features"] == 0.0, "fixed: enc_image is still scrambled"
print("symptom shown: view mixes channels into pixels; permute then view keeps each pixel's features")

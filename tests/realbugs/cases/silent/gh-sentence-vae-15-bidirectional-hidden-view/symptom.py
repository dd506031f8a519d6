"""TL114 symptom: with a bidirectional encoder the GRU's last hidden state is
(num_directions, batch, hidden) and SentenceVAE.forward flattens it with
`view(batch_size, hidden * 2)`, so sentence b's code is built from the wrong rows; the decoder's
`view(hidden_factor, batch_size, hidden)` of latent2hidden's (batch, 2 * hidden) output scatters
each sentence's latent over other sentences. Hooks on the model's own layers compare what the
next layer receives with the per-sentence transpose; the fixed twin matches it exactly.

Run as ``python symptom.py BUG_DIR FIXED_DIR``.
"""
import json
import subprocess
import sys

PROBE = r"""
import json, torch
from model import SentenceVAE
from ptb import PTB
torch.manual_seed(0)
data = PTB('data', 'train', False, max_sequence_length=12)
model = SentenceVAE(vocab_size=data.vocab_size, embedding_size=32, rnn_type='gru', hidden_size=32,
                    word_dropout=0, embedding_dropout=0.5, latent_size=8, sos_idx=data.sos_idx,
                    eos_idx=data.eos_idx, pad_idx=data.pad_idx, unk_idx=data.unk_idx,
                    max_sequence_length=12, num_layers=1, bidirectional=True).eval()
seen = {}
model.encoder_rnn.register_forward_hook(lambda m, i, o: seen.__setitem__("encoder_hidden", o[1]))
model.hidden2mean.register_forward_pre_hook(lambda m, i: seen.__setitem__("code", i[0]))
model.latent2hidden.register_forward_hook(lambda m, i, o: seen.__setitem__("latent_hidden", o))
model.decoder_rnn.register_forward_pre_hook(lambda m, i: seen.__setitem__("decoder_hidden", i[1]))
batch = [data[k] for k in range(6)]
inputs = torch.stack([b['input'] for b in batch])
lengths = torch.tensor([b['length'] for b in batch])
with torch.no_grad():
    model(inputs, lengths)
encoder_hidden, latent_hidden = seen["encoder_hidden"], seen["latent_hidden"]
per_sentence_code = encoder_hidden.transpose(0, 1).reshape(6, -1)
per_sentence_decoder_hidden = latent_hidden.view(6, 2, 32).transpose(0, 1)
print(json.dumps({
    "code_error": (seen["code"] - per_sentence_code).abs().max().item(),
    "decoder_hidden_error": (seen["decoder_hidden"] - per_sentence_decoder_hidden).abs().max().item()}))
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
assert bug["code_error"] > 1e-3, "bug: the encoder code is per sentence"
assert bug["decoder_hidden_error"] > 1e-3, "bug: the decoder's initial state is per sentence"
assert fixed["code_error"] == 0.0 and fixed["decoder_hidden_error"] == 0.0, "fixed: states still mixed"
print("symptom shown: view mixes sentences in the encoder code and the decoder state; transpose does not")

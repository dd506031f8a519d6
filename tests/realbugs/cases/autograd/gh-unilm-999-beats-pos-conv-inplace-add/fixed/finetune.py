# The README's "fine-tuned checkpoints" usage (classification probabilities of 3 clips), run in
# training mode with one optimisation step, as when fine-tuning the model on one's own labels.
import torch
from BEATs import BEATs, BEATsConfig

# load the fine-tuned checkpoints
# (no checkpoint download here: the cfg of a fine-tuned BEATs_iter3+ model, made small, random weights)
checkpoint = {'cfg': {'input_patch_size': 16, 'embed_dim': 32, 'conv_bias': False,
                      'encoder_layers': 2, 'encoder_embed_dim': 64, 'encoder_ffn_embed_dim': 128,
                      'encoder_attention_heads': 4, 'activation_fn': 'gelu',
                      'layer_norm_first': False, 'deep_norm': True,
                      'conv_pos': 128, 'conv_pos_groups': 16,
                      'relative_position_embedding': True, 'num_buckets': 320, 'max_distance': 800,
                      'gru_rel_pos': True,
                      'finetuned_model': True, 'predictor_dropout': 0.0, 'predictor_class': 527}}

cfg = BEATsConfig(checkpoint['cfg'])
BEATs_model = BEATs(cfg)
BEATs_model.train()

optimizer = torch.optim.AdamW(BEATs_model.parameters(), lr=5e-5)

# predict the classification probability of each class
audio_input_16khz = torch.randn(3, 10000)
padding_mask = torch.zeros(3, 10000).bool()
labels = (torch.rand(3, cfg.predictor_class) > 0.95).float()

probs = BEATs_model.extract_features(audio_input_16khz, padding_mask=padding_mask)[0]

loss = torch.nn.functional.binary_cross_entropy(probs, labels)
optimizer.zero_grad()
loss.backward()
optimizer.step()
print(f'fine-tuning loss {loss.item():.4f}')

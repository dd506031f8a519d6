import torch

from positional_encoder import PositionalEncoder

batch_size = 8
enc_seq_len = 30
dim_val = 512

src = torch.rand(batch_size, enc_seq_len, dim_val)  # (B, T, D): batch first

positional_encoding_layer = PositionalEncoder(d_model=dim_val, dropout=0.1, max_seq_len=5000, batch_first=True)
out = positional_encoding_layer(src)
print(out.shape)

import torch

from attentions import AdditiveAttention

batch_size, q_len, v_len, hidden_dim = 2, 3, 7, 16

attention = AdditiveAttention(hidden_dim)
decoder_outputs = torch.randn(batch_size, q_len, hidden_dim)  # query: (batch_size, q_len, hidden_dim)
encoder_outputs = torch.randn(batch_size, v_len, hidden_dim)  # value: (batch_size, v_len, hidden_dim)

context, attn = attention(decoder_outputs, encoder_outputs, encoder_outputs)
print(context.shape, attn.shape)

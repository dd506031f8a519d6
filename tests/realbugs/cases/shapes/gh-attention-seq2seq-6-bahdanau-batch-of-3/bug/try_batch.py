import torch

from models import EncoderLSTM, BahdanauDecoder

torch.manual_seed(0)

encoder = EncoderLSTM(input_size=1000, hidden_size=128, n_layers=2, drop_prob=0)
input = torch.randint(0, 8, (3, 5))  # (batch, seq)=(3,5)

target = torch.randint(1, 20, (3, 9))  # (batch, seq)=(3,9)
hidden = encoder.init_hidden(3)  # hidden[0].shape = (n_layers, batch, dim)
print(hidden[0].shape)
encoder_output, hidden = encoder(input, hidden)
print(encoder_output.shape)

attn = BahdanauDecoder(hidden_size=128, output_size=64)
output, hidden, attn_weights = attn(target, hidden, encoder_output)
print(output.shape, attn_weights.shape)

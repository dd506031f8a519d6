import torch

from models import EncoderLSTM, BahdanauDecoder, device

torch.manual_seed(0)

encoder = EncoderLSTM(input_size=1000, hidden_size=128, n_layers=1, drop_prob=0).to(device)
input = torch.randint(0, 8, (1, 5)).to(device)  # (batch, seq)=(1,5): the decoder attends over one sentence at a time

target = torch.randint(1, 20, (1, 9)).to(device)  # (batch, seq)=(1,9)
hidden = encoder.init_hidden(1)  # hidden[0].shape = (n_layers, batch, dim)
print(hidden[0].shape)
encoder_output, hidden = encoder(input, hidden)
print(encoder_output.shape)

attn = BahdanauDecoder(hidden_size=128, output_size=64).to(device)
for i in range(target.size(1)):  # one target word per decoder step
    output, hidden, attn_weights = attn(target[:, i], hidden, encoder_output)
print(output.shape, attn_weights.shape)

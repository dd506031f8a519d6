# An LSTM on the GPU with its initial hidden state left on the CPU.
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
encoder = nn.LSTM(input_size=16, hidden_size=32, num_layers=1, batch_first=True).to(device)
tokens = torch.randn(4, 10, 16).to(device)
h0 = torch.zeros(1, 4, 32)
c0 = torch.zeros(1, 4, 32)
output, (hn, cn) = encoder(tokens, (h0, c0))  # expect: TL201

h0 = torch.zeros(1, 4, 32, device=device)
c0 = torch.zeros(1, 4, 32, device=device)
output, (hn, cn) = encoder(tokens, (h0, c0))

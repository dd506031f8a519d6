# The word-language-model pattern: init_hidden builds the state on the CPU.
import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, nhid):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, nhid)
        self.rnn = nn.LSTM(nhid, nhid)
        self.nhid = nhid

    def forward(self, input, hidden):
        return self.rnn(self.encoder(input), hidden)

    def init_hidden(self, bsz):
        return (torch.zeros(1, bsz, self.nhid), torch.zeros(1, bsz, self.nhid))

    def init_hidden_ok(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(1, bsz, self.nhid), weight.new_zeros(1, bsz, self.nhid))


def get_batch(source, i):
    return source[i:i + 35]


device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = RNNModel(1000, 64).to(device)
hidden = model.init_hidden(20)
tokens = torch.randint(0, 1000, (35, 20), device=device)
embedded = model.encoder(tokens)
output, hidden = model.rnn(embedded, hidden)  # expect: TL201
state = model.init_hidden_ok(20)
output, state = model.rnn(embedded, state)


def make_features():
    return torch.randn(20, 64)


head = nn.Linear(64, 2).to(device)
scores = head(make_features())  # expect: TL201

import torch
import torch.nn as nn
from torch import FloatTensor
from torch.autograd import Variable


class LSTMModel(nn.Module):
    def __init__(self, input_dim, hidden_dim, num_layers, batch_len, dropout=0.2):
        super(LSTMModel, self).__init__()
        self.input_dim = input_dim
        self.hidden_dim = hidden_dim
        self.num_layers = num_layers
        self.batch_len = batch_len
        self.lstm = nn.LSTM(input_dim, hidden_dim, num_layers, dropout=dropout, batch_first=True)
        self.hidden = self.init_hidden()
        self.fc = nn.Linear(hidden_dim, 1)

    def init_hidden(self):
        h_0 = Variable(FloatTensor(self.num_layers, self.batch_len, self.hidden_dim).zero_(), \
        requires_grad=True)
        c_0 = Variable(FloatTensor(self.num_layers, self.batch_len, self.hidden_dim).zero_(), \
        requires_grad=True)
        return (h_0, c_0)

    def forward(self, sequences):
        lstm_out, self.hidden = self.lstm(sequences.view(self.batch_len, 1, self.input_dim), self.hidden)
        return self.fc(lstm_out)


model = LSTMModel(input_dim=10, hidden_dim=20, num_layers=2, batch_len=16)
# one batch of 16 feature vectors (random instead of the user's training data)
train_input = torch.randn(16, 10)
output = model(train_input)
print(output.shape)

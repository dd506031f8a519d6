import torch
import torch.nn as nn
from torch.utils.data import DataLoader

device = "cuda" if torch.cuda.is_available() else "cpu"

# stand-in for the tokenised novel: a vocabulary and a long stream of word ids (the book has 12778 words)
word_to_int = {f"w{i}": i for i in range(500)}
wordidx = torch.randint(0, len(word_to_int), (1000,)).tolist()

seq_len = 20  # 100 in the book
xys = []
for n in range(0, len(wordidx) - seq_len - 1):
    x = wordidx[n:n + seq_len]
    y = wordidx[n + 1:n + seq_len + 1]
    xys.append((torch.tensor(x), torch.tensor(y)))

batch_size = 32
loader = DataLoader(xys, batch_size=batch_size, shuffle=True)


class WordLSTM(nn.Module):
    def __init__(self, input_size=128, n_embed=128, n_layers=3, drop_prob=0.2):
        super().__init__()
        self.input_size = input_size
        self.drop_prob = drop_prob
        self.n_layers = n_layers
        self.n_embed = n_embed
        vocab_size = len(word_to_int)
        self.embedding = nn.Embedding(vocab_size, n_embed)
        self.lstm = nn.LSTM(input_size=self.input_size, hidden_size=self.n_embed,
                            num_layers=self.n_layers, dropout=self.drop_prob, batch_first=True)
        self.fc = nn.Linear(input_size, vocab_size)

    def forward(self, x, hc):
        embed = self.embedding(x)
        x, hc = self.lstm(embed, hc)
        x = self.fc(x)
        return x, hc

    def init_hidden(self, n_seqs):
        weight = next(self.parameters()).data
        return (weight.new(self.n_layers, n_seqs, self.n_embed).zero_(),
                weight.new(self.n_layers, n_seqs, self.n_embed).zero_())


model = WordLSTM().to(device)
lr = 0.0001
optimizer = torch.optim.Adam(model.parameters(), lr=lr)
loss_func = nn.CrossEntropyLoss()

model.train()
for epoch in range(1):
    tloss = 0
    sh, sc = model.init_hidden(batch_size)
    for i, (x, y) in enumerate(loader):
        if x.shape[0] == batch_size:
            inputs, targets = x.to(device), y.to(device)
            optimizer.zero_grad()
            output, (sh, sc) = model(inputs, (sh, sc))
            loss = loss_func(output, targets)  # expect: TL407
            sh, sc = sh.detach(), sc.detach()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5)
            optimizer.step()
            tloss += loss.item()
        if i == 2:
            break
    print(f"epoch {epoch} loss {tloss / (i + 1)}")

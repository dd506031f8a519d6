"""Correct: cross_entropy on logits; softmax only for accuracy and confidence; log_softmax into NLLLoss
on a second head; label-smoothed one-hot soft targets (probabilities as the *target* are fine)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Linear(8, 5)
aux = nn.Sequential(nn.Linear(8, 5), nn.LogSoftmax(dim=1))
optimizer = torch.optim.SGD([*model.parameters(), *aux.parameters()], lr=0.1)
nll = nn.NLLLoss()
x = torch.randn(16, 8)
y = torch.randint(0, 5, (16,))
soft = F.one_hot(y, 5).float() * 0.9 + 0.02
for _step in range(12):
    optimizer.zero_grad()
    logits = model(x)
    probs = F.softmax(logits, dim=1)
    accuracy = (probs.argmax(dim=1) == y).float().mean()
    loss = F.cross_entropy(logits, y) + nll(aux(x), y) + F.cross_entropy(logits, soft)
    loss.backward()
    optimizer.step()
print(f"{accuracy.item():.2f} {probs.max().item():.2f}")

"""A flatten with the wrong row size makes more rows than labels: "Expected input batch_size (32) to
match target batch_size (16)" from CrossEntropyLoss, two lines after the real mistake."""
import torch
import torch.nn as nn

features = torch.randn(16, 8, 4, 4)
labels = torch.randint(0, 64, (16,))
head = nn.Linear(64, 64)
criterion = nn.CrossEntropyLoss()

rows = features.view(-1, 64)
logits = head(rows)
loss = criterion(logits, labels)

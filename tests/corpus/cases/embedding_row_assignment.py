# Overwriting a row of a pretrained embedding outside no_grad.
import torch
import torch.nn as nn

vocab = {"<pad>": 0, "hello": 1}
embedding = nn.Embedding(len(vocab), 50)
pretrained = torch.randn(50)
embedding.weight[vocab["hello"]] = pretrained  # expect: TL101
with torch.no_grad():
    embedding.weight[0] = torch.zeros(50)

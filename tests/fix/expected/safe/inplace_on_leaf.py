"""A hand-written SGD step on a small regression model (TL101)."""

import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
features = torch.randn(64, 4)
targets = features.sum(dim=1, keepdim=True)
learning_rate = 0.05

for epoch in range(20):
    prediction = model(features)
    loss = ((prediction - targets) ** 2).mean()
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

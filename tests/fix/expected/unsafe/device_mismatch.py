"""An MNIST-style classifier moved to the GPU, fed a batch left on the CPU (TL201)."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, hidden: int = 128):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = Classifier().to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

images = torch.randn(32, 1, 28, 28)
labels = torch.randint(0, 10, (32,))

optimizer.zero_grad()
logits = model(images.to(next(model.parameters()).device))
loss = F.cross_entropy(logits, labels.to(logits.device))
loss.backward()
optimizer.step()

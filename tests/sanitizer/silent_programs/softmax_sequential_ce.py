"""A classifier ending in nn.Softmax trained with nn.CrossEntropyLoss (PYSIASSIST's most common root
cause; e.g. discuss.pytorch.org "Softmax + CrossEntropyLoss: loss stuck"). `fixed` drops the Softmax.
Prints the final loss of the same 30 steps."""
import sys

import torch
import torch.nn as nn

torch.manual_seed(0)
layers = [nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 4)]
if sys.argv[1:] != ["fixed"]:
    layers.append(nn.Softmax(dim=1))
model = nn.Sequential(*layers)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
inputs = torch.randn(64, 20)
labels = (inputs[:, 0] > 0).long() + 2 * (inputs[:, 1] > 0).long()
for _step in range(30):
    optimizer.zero_grad()
    loss = criterion(model(inputs), labels)
    loss.backward()
    optimizer.step()
print(f"{loss.item():.4f}")

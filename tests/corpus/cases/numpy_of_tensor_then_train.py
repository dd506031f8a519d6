# Keeping a numpy "snapshot" of weights that keeps changing under it.
import torch

weights = torch.zeros(10)
snapshot = weights.numpy()
for step in range(5):
    weights.add_(0.1)  # expect: TL301
print(snapshot)

weights2 = torch.zeros(10)
snapshot2 = weights2.numpy().copy()
weights2.add_(0.1)
print(snapshot2)

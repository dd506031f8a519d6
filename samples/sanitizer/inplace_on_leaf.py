"""TL101: a hand-written SGD step that forgot `torch.no_grad()`."""

import torch


def init_weights(n):
    return torch.randn(n, requires_grad=True)


weights = init_weights(4)
loss = (weights ** 2).sum()
loss.backward()
weights -= 0.1 * weights.grad  # RuntimeError: a leaf Variable that requires grad ...
print("updated", weights)

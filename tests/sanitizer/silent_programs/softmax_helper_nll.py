"""softmax (not log_softmax) through a helper into F.nll_loss: the loss goes negative and does not train.
`fixed` uses log_softmax. Prints the final loss."""
import sys

import torch
import torch.nn.functional as F


def predict(model, batch):
    scores = model(batch)
    return F.log_softmax(scores, dim=1) if sys.argv[1:] == ["fixed"] else F.softmax(scores, dim=1)


torch.manual_seed(0)
model = torch.nn.Linear(10, 3)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
batch = torch.randn(32, 10)
target = batch[:, :3].argmax(dim=1)
for _step in range(40):
    optimizer.zero_grad()
    probabilities = predict(model, batch)
    loss = F.nll_loss(probabilities, target)
    loss.backward()
    optimizer.step()
print(f"{F.cross_entropy(model(batch), target).item():.4f}")

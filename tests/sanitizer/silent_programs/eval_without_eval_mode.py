"""Validation under torch.no_grad() without model.eval() (discuss.pytorch.org "different results every
time I evaluate"): Dropout keeps dropping. `fixed` calls model.eval(). Prints whether two evaluations
of the same data agree."""
import sys

import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.5))
        self.out = nn.Linear(64, 3)

    def forward(self, x):
        return self.out(self.body(x))


def evaluate(model, batches):
    if sys.argv[1:] == ["fixed"]:
        model.eval()
    outputs = []
    with torch.no_grad():
        for batch in batches:
            outputs.append(model(batch))
    return torch.cat(outputs)


torch.manual_seed(0)
model = Classifier()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
data, labels = torch.randn(64, 10), torch.randint(0, 3, (64,))
for _step in range(15):
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(data), labels).backward()
    optimizer.step()
validation = list(torch.randn(3, 16, 10).unbind())
first, second = evaluate(model, validation), evaluate(model, validation)
print("same" if torch.equal(first, second) else "different")

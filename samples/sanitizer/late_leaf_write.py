"""A pitfall at one step only: step 15 writes into a leaf that requires grad (TL101).

PyTorch refuses the write (caught here so training goes on). Under the
default step sampling step 15 is not checked; `--every-step` sees it. A
`model.eval()` at step 35 starts an evaluation pass, which is always checked.
"""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
inputs, targets = torch.randn(8, 4), torch.randn(8, 2)
for step in range(60):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    optimizer.step()
    if step == 15 or step == 35:
        if step == 35:
            model.eval()
        try:
            model.bias.add_(1.0)
        except RuntimeError:
            pass
        model.train()
print("loss", round(loss.item(), 4))

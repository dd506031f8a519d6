import torch
import torch.nn as nn

# the binary classifier the user started from: correct, the target is (3, 1) like the output
simple_net = nn.Linear(3, 1)
loss_bce = nn.BCEWithLogitsLoss()
input = torch.randn(3, 3)
pred = simple_net(input)
# This is correct, size needs to be (3,1) because Linear doesn't squeeze
target = torch.empty(3, 1).random_(2)
output = loss_bce(pred, target)
print(output)

# moving to 5 classes and keeping the (N, 1) target shape
simple_net = nn.Linear(3, 5)
loss_ce = nn.CrossEntropyLoss()
pred = simple_net(input)
target = torch.empty(3, dtype=torch.long).random_(5)
output = loss_ce(pred, target)
print(output)

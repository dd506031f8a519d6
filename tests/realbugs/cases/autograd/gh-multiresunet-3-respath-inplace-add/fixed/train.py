"""Binary segmentation training step with the repository's MultiResUnet (the README's usage, random images)."""
import torch
import torch.nn as nn

from multiresunet import MultiResUnet

model = MultiResUnet(channels=3, filters=4, nclasses=1)
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for step in range(2):
    images = torch.rand(2, 3, 32, 32)
    masks = (torch.rand(2, 1, 32, 32) > 0.5).float()
    optimizer.zero_grad()
    loss = criterion(model(images), masks)
    loss.backward()
    optimizer.step()
    print(step, loss.item())

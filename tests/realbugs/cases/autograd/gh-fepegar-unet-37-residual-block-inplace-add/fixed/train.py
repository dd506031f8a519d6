"""Segmentation training step with the package's residual UNet (the reporter's training script is not in the issue)."""
import torch
import torch.nn.functional as F

from unet import UNet2D

model = UNet2D(
    in_channels=1,
    out_classes=2,
    num_encoding_blocks=3,
    out_channels_first_layer=8,
    normalization='batch',
    residual=True,
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for step in range(2):
    images = torch.rand(2, 1, 32, 32)
    labels = torch.randint(0, 2, (2, 32, 32))
    optimizer.zero_grad()
    logits = model(images)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    optimizer.step()
    print(step, loss.item())

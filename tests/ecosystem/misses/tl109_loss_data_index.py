"""TL109 (new rule, not implemented yet): ``loss.data[0]`` on a 0-dim loss.

From: the pre-0.4 logging idiom that issue 15's survey met in GAN and tutorial code and that
public training scripts still carry (the team's code index holds a GAN loop doing
``g_loss = - d_fake.log().mean()`` then ``g_losses.append(g_loss.data[0])``); written
here in that shape, no ecosystem package has it.
The bug: since PyTorch 0.4 a reduction returns a 0-dim tensor, and indexing a 0-dim tensor
raises ``IndexError: invalid index of a 0-dim tensor``. Fix: ``g_loss.item()``.
"""
# miss: TL109
# raises: IndexError

import torch
from torch import nn

generator = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
discriminator = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
g_optimizer = torch.optim.Adam(generator.parameters(), lr=1e-3)
d_optimizer = torch.optim.Adam(discriminator.parameters(), lr=1e-3)

d_losses, g_losses = [], []
for epoch in range(3):
    real_batch = torch.randn(32, 2) + 3
    fake_batch = generator(torch.randn(32, 8))

    d_real = discriminator(real_batch)
    d_fake = discriminator(fake_batch.detach())
    d_loss = -(d_real.log().mean() + (1 - d_fake).log().mean())
    d_optimizer.zero_grad()
    d_loss.backward()
    d_optimizer.step()
    d_losses.append(d_loss.data[0])  # expect: TL109

    # Generator loss
    d_fake = discriminator.forward(fake_batch)
    g_loss = - d_fake.log().mean()
    g_optimizer.zero_grad()
    g_loss.backward()
    g_optimizer.step()
    g_losses.append(g_loss.data[0])  # expect: TL109

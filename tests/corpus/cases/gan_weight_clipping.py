# WGAN critic weight clipping outside no_grad.
import torch
import torch.nn as nn

critic = nn.Sequential(nn.Linear(2, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))
optimizer = torch.optim.RMSprop(critic.parameters(), lr=5e-5)
for step in range(100):
    real = torch.randn(64, 2)
    loss = -critic(real).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    for p in critic.parameters():
        p.clamp_(-0.01, 0.01)  # expect: TL101

with torch.no_grad():
    for p in critic.parameters():
        p.clamp_(-0.01, 0.01)

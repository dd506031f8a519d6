"""Correct loops that must stay silent: gradient accumulation (step every 4 micro-batches), a frozen
backbone (requires_grad=False) with a head, a GAN's two optimizers, LBFGS with a closure, one warm-up
optimizer.step() before training, model.zero_grad() instead of optimizer.zero_grad(), and an
evaluation done right (eval() + no_grad, then train())."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
backbone = nn.Sequential(nn.Linear(6, 16), nn.ReLU())
for p in backbone.parameters():
    p.requires_grad = False
head = nn.Sequential(nn.Dropout(0.3), nn.Linear(16, 2))
model = nn.Sequential(backbone, head)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
optimizer.step()  # warm-up, no gradients yet: does nothing, harms nothing
x, y = torch.randn(32, 6), torch.randint(0, 2, (32,))
for step in range(24):
    loss = F.cross_entropy(model(x), y) / 4
    loss.backward()
    if (step + 1) % 4 == 0:
        optimizer.step()
        model.zero_grad()
    if step % 8 == 7:
        model.eval()
        with torch.no_grad():
            accuracy = (model(x).argmax(1) == y).float().mean()
        model.train()

generator, discriminator = nn.Linear(4, 6), nn.Linear(6, 1)
opt_g = torch.optim.Adam(generator.parameters(), lr=1e-3)
opt_d = torch.optim.Adam(discriminator.parameters(), lr=1e-3)
for _round in range(12):
    fake = generator(torch.randn(8, 4))
    opt_d.zero_grad()
    d_loss = F.softplus(discriminator(fake.detach())).mean() + F.softplus(-discriminator(torch.randn(8, 6))).mean()
    d_loss.backward()
    opt_d.step()
    opt_g.zero_grad()
    g_loss = F.softplus(-discriminator(fake)).mean()
    g_loss.backward()
    opt_g.step()

regressor = nn.Linear(3, 1)
lbfgs = torch.optim.LBFGS(regressor.parameters(), max_iter=4)
a, b = torch.randn(20, 3), torch.randn(20, 1)


def closure():
    lbfgs.zero_grad()
    error = F.mse_loss(regressor(a), b)
    error.backward()
    return error


for _round in range(3):
    lbfgs.step(closure)
print(f"done {accuracy.item():.2f}")

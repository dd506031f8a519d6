import torch
import torch.nn as nn

# the question shows only the update code; the generator, discriminator and losses around it are the
# standard ones it describes (G maps noise to samples, D scores them, BCE on real/fake labels)
G = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Sigmoid())
criterion = nn.BCELoss()
optim_g = torch.optim.Adam(G.parameters(), lr=1e-3)
optim_d = torch.optim.Adam(D.parameters(), lr=1e-3)

for step in range(2):
    real = torch.randn(16, 2) * 0.5 + 1.0
    z = torch.randn(16, 8)
    ones, zeros = torch.ones(16, 1), torch.zeros(16, 1)

    # computing loss_g and loss_d...
    fake = G(z)
    loss_g = criterion(D(fake), ones)
    loss_d = criterion(D(real), ones) + criterion(D(fake), zeros)

    optim_g.zero_grad()
    loss_g.backward()
    optim_g.step()

    optim_d.zero_grad()
    loss_d.backward()  # expect: TL103
    optim_d.step()
    print(step, loss_g.item(), loss_d.item())

import torch
import torch.nn as nn
import torch.optim as optim

import model

vae = model.VAE(32)
optim_vae = optim.Adam(vae.parameters(), lr=5e-4)
mse_loss = nn.MSELoss()

# two CIFAR-10 batches (random 3x32x32 images instead of the labeled/unlabeled loaders)
batches = [torch.rand(8, 3, 32, 32) for _ in range(2)]

for labeled_imgs in batches:
    recon, z, mu, logvar = vae(labeled_imgs)
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / labeled_imgs.size(0)
    loss = mse_loss(recon, labeled_imgs) + kld
    optim_vae.zero_grad()
    loss.backward()
    optim_vae.step()
    print(recon.shape, loss.item())

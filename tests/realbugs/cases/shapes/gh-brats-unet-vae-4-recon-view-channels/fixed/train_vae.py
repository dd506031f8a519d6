import torch
import torch.nn.functional as F

from models.unet import UnetVAE3D

# BraTS volumes: 4 MR modalities, 3 tumour sub-region masks. The repository crops 160x192x128 with
# init_channels=32; here a random 32x32x32 volume and init_channels=8 so the 3-D net fits a CPU test.
input_shape = (32, 32, 32)
model = UnetVAE3D(input_shape, in_channels=4, out_channels=3, init_channels=8)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)

image = torch.rand(1, 4, *input_shape)
label = (torch.rand(1, 3, *input_shape) > 0.5).float()

uout, vout, mu, logvar = model(image)
seg_loss = F.binary_cross_entropy(uout, label)
rec_loss = F.mse_loss(vout, image)
kl_loss = -0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp())
loss = seg_loss + 0.1 * rec_loss + 0.1 * kl_loss
optimizer.zero_grad()
loss.backward()
optimizer.step()
print(loss.item())

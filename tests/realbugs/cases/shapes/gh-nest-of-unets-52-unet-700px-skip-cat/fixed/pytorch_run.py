import torch
import torch.nn.functional as F

from Models import U_Net

device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")

batch_size = 1
epoch = 1
# the user's images and masks, resized to 700 x 700 (random tensors instead of files)
image_size = (400, 400)
train_loader = [(torch.rand(batch_size, 3, *image_size), torch.randint(0, 2, (batch_size, 1, *image_size)).float())]

model_test = U_Net(3, 1)
model_test.to(device)
opt = torch.optim.Adam(model_test.parameters(), lr=1e-3)

for i in range(epoch):
    model_test.train()
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)
        opt.zero_grad()
        y_pred = model_test(x)
        lossT = F.binary_cross_entropy_with_logits(y_pred, y)
        lossT.backward()
        opt.step()
        print(i, lossT.item())

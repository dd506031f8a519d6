import torch
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

from CNN import Net, train

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# random MNIST-shaped data (1x28x28) instead of torchvision's datasets.MNIST
train_loader = DataLoader(TensorDataset(torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))),
                          batch_size=32, shuffle=True)

model = Net().to(device)
optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
for epoch in range(1, 2):
    train(model, device, train_loader, optimizer, epoch)

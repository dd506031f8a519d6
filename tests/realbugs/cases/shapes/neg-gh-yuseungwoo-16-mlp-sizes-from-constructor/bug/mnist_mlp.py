import torch
import torch.nn.functional as F
import torch.optim as optim
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(70)


class Net(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(Net, self).__init__()
        self.flatten = lambda x: x.view(x.size(0), -1)
        self.linear1 = nn.Linear(input_size, hidden_size)
        self.linear2 = nn.Linear(hidden_size, hidden_size)
        self.linear3 = nn.Linear(hidden_size, output_size)
        self.relu = nn.ReLU()

        # forward의 예제
    def forward(self, x):    # input x의 dimension -> torch.Size(피쳐 개수, 피쳐 dimension) ex) torch.Size([1,784])
        x = self.flatten(x)  # torch.Size([64, 1, 28, 28]) -> torch.Size([64, 784])
        x = self.linear1(x)  # torch.Size([64, 784]) -> torch.Size([64, 100])
        x = self.relu(x)
        x = self.linear2(x)  # torch.Size([64, 100]) -> torch.Size([64, 100])
        x = self.relu(x)
        x = self.linear3(x)  # torch.Size([64, 100]) -> torch.Size([64, 10])
        return x


def train(model, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        optimizer.zero_grad()
        output = model(data)
        loss = F.cross_entropy(output, target)
        loss.backward()
        optimizer.step()
        print(epoch, batch_idx, loss.item())


# random MNIST-sized data instead of torchvision's datasets.MNIST
train_set = TensorDataset(torch.rand(128, 1, 28, 28), torch.randint(0, 10, (128,)))
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)

model = Net(28 * 28, 100, 10)
optimizer = optim.SGD(model.parameters(), lr=0.01)
for epoch in range(1):
    train(model, train_loader, optimizer, epoch)

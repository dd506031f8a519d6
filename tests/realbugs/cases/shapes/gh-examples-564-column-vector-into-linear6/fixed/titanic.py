import torch


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = torch.nn.Linear(6, 36)
        self.layer2 = torch.nn.Linear(36, 1)
        self.sigmoid = torch.nn.Sigmoid()

    def forward(self, x):
        out1 = self.sigmoid(self.layer1(x))
        out2 = self.sigmoid(self.layer2(out1))

        y_pred = self.sigmoid(out2)
        return y_pred


model = Model()

learning_rate = 0.9
epochs = 2

optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
criterion = torch.nn.BCELoss()

# random passenger rows (6 features each) instead of the user's Titanic CSV loader
train_loader = [(torch.rand(32, 6), torch.randint(0, 2, (32, 1)).float()) for _ in range(3)]

for epoch in range(epochs):
    for i, (inputs, labels) in enumerate(train_loader):
        y_pred = model(inputs)
        loss = criterion(y_pred, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())

print(model.forward(torch.Tensor([[3.0, 1.0, 22.0, 1.0, 0.0, 7.25]])))

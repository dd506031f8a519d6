import torch
from torch import nn


class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(784, 10, bias=True)

    def forward(self, xb):
        return self.lin(xb)


model = Mnist_Logistic()

# input shape: one flattened MNIST digit, as next(iter(data.train_dl)) gives it with bs=1
x = torch.rand(1, 784)
print(x.shape)
# Weight shape
print([p.shape for p in model.parameters()])
print(model(x).shape)  # nn.Linear multiplies [1, 784] by its [10, 784] weight fine

# re-creating the multiplication by hand
# creating x matrix
x = torch.ones(1, 784)

# creating a matrix
a = torch.ones(10, 784)

print('x', x.shape, 'a', a.shape)

y_hat = torch.matmul(x, a)  # expect: TL402
print(y_hat.shape)

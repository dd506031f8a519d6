import torch

x = torch.ones(1, requires_grad=True)
print(x.data)
print(x.data.requires_grad)

y = x ** 2
y.backward()
with torch.no_grad():
    x *= 100
print(x)
print(x.grad)

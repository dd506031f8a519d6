import torch

x = torch.ones(1, requires_grad=True)
print(x.data)
print(x.data.requires_grad)

y = x ** 2
x.data *= 100  # expect: TL106
y.backward()
print(x)
print(x.grad)

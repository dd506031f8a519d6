import torch

device = torch.device("cpu")
x = torch.randn(64, 1000, device=device)
y = torch.randn(64, 10, device=device)
w1 = torch.randn(1000, 100, device=device, requires_grad=True)
w2 = torch.randn(100, 10, device=device, requires_grad=True)
for t in range(500):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        w1 -= 1e-6 * w1.grad
        w2 -= 1e-6 * w2.grad
        w1.grad = None
        w2.grad = None

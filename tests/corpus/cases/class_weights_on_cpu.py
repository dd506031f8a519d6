# Class weights built with torch.tensor stay on the CPU while the logits are on the GPU.
import torch
import torch.nn as nn

device = "cuda"
model = nn.Linear(32, 3).to(device)
weights = torch.tensor([1.0, 2.0, 5.0])
criterion = nn.CrossEntropyLoss(weight=weights)
x = torch.randn(16, 32, device=device)
y = torch.randint(0, 3, (16,), device=device)
loss = criterion(model(x), y)  # expect: TL201

"""Correct uses of dropout without gradients: Monte Carlo dropout (model.eval(), Dropout layers switched
back on, many stochastic passes), and a Mean Teacher whose teacher runs under no_grad in training mode
inside every training step, followed by the student's backward and step."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
student = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))
teacher = copy.deepcopy(student)
optimizer = torch.optim.Adam(student.parameters(), lr=1e-3)
x = torch.randn(16, 8)
for _step in range(14):
    with torch.no_grad():
        target = F.softmax(teacher(x + 0.1 * torch.randn_like(x)), dim=1)
    loss = F.mse_loss(F.softmax(student(x), dim=1), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        for t, s in zip(teacher.parameters(), student.parameters()):
            t.mul_(0.99).add_(s, alpha=0.01)

student.eval()
for layer in student.modules():
    if isinstance(layer, nn.Dropout):
        layer.train()
with torch.no_grad():
    samples = torch.stack([F.softmax(student(x), dim=1) for _ in range(20)])
print(f"uncertainty {samples.std(0).mean().item():.3f}")

# SWA's BatchNorm recalibration runs the model in training mode under no_grad, on purpose
swa_model = torch.optim.swa_utils.AveragedModel(nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Dropout(0.1)))
torch.optim.swa_utils.update_bn([x, x, x], swa_model)

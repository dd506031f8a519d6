# Fine-tuning with a frozen backbone: in-place edits of frozen weights are fine.
import torch
import torch.nn as nn
import torchvision

model = torchvision.models.resnet18()
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(model.fc.in_features, 10)
for param in model.parameters():
    param.mul_(1.0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = model.to(device)
images = torch.randn(2, 3, 224, 224).to(device)
logits = model(images)

"""tests/test_attacks.py's FGM check, on a small classifier instead of a pretrained torchvision model:
the attack gets one image as the transform pipeline gives it (C, H, W), without a label."""
import torch
import torch.nn as nn

import scratchai

torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))
net.eval()
for p in net.parameters():
    p.requires_grad_(False)

img = torch.rand(3, 32, 32)
adv_x = scratchai.attacks.fgm(img, net, eps=0.3)
print('clean', net(img.unsqueeze(0)).argmax(1).item(), 'adversarial', net(adv_x).argmax(1).item())

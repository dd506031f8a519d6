import torch
from torchsummary import summary

from models import SEANet

torch_device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
print('Using device:', torch_device)
model = SEANet(num_classes=1)  # the same error with a different num_classes
print(summary(model, (8, 3, 512, 512)))  # the same error with a different batch_size

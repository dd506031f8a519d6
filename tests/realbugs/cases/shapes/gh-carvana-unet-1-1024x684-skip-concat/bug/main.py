import torch
import torch.nn as nn
import torch.optim as optim
from torch.autograd import Variable

from model import uNet

"""
https://www.kaggle.com/c/carvana-image-masking-challenge
"""

CLASS_WEIGHT = [7.893, 2.107]  # from data_util.py

# Carvana images resized from 1918 wide to 684 wide (the reporter's 1024x684); one random image and mask,
# 32 rows instead of 1024 so the case fits a CPU test (a multiple of 32: the height is not what clashes)
image_size = (32, 684)
train_loader = [(torch.rand(1, 3, *image_size), torch.randint(0, 2, (1, *image_size)))]


def train(epoch, model, optimizer, train_loader):
    model.train()
    criterion = nn.NLLLoss(torch.FloatTensor(CLASS_WEIGHT))
    for batch_idx, (data, target) in enumerate(train_loader):
        data = Variable(data)
        target = Variable(target)
        output = model(data)
        optimizer.zero_grad()
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        print('Train Epoch:{} [{}] Loss:{:.4f}'.format(epoch, batch_idx, loss.item()))


model = uNet(num_classes=2)
optimizer = optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(1):
    train(epoch, model, optimizer, train_loader)

import torch
import torch.nn as nn

from xception import xception


def train(train_loader, model, criterion, optimizer, epoch, lr_scheduler):
    model.train()
    for i, (input, target) in enumerate(train_loader):
        output = model(input)
        loss = criterion(output, target)

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        lr_scheduler.step()
        print("Epoch: [{0}][{1}]\tLoss {2:.4f}".format(epoch, i, loss.item()))


model = xception(num_classes=10)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.045, momentum=0.9, weight_decay=1e-5)
lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.94)
train_loader = [(torch.randn(2, 3, 299, 299), torch.randint(0, 10, (2,)))]

for epoch in range(1):
    train(train_loader, model, criterion, optimizer, epoch, lr_scheduler)

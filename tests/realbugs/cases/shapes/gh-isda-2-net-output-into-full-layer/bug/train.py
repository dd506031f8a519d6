import torch
import torch.nn as nn

from ISDA import ISDALoss
from net import Net


class Full_layer(torch.nn.Module):
    '''explicitly define the full connected layer'''

    def __init__(self, feature_num, class_num):
        super(Full_layer, self).__init__()
        self.class_num = class_num
        self.fc = nn.Linear(feature_num, class_num)

    def forward(self, x):
        x = self.fc(x)  # expect: TL401
        return x


classes = ('plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck')

net = Net()

batch_size = 4
feature_num = 84
num_classes = len(classes)  # 10
fc = Full_layer(feature_num, num_classes)

isda_criterion = ISDALoss(feature_num, num_classes)
optimizer = torch.optim.SGD([{'params': net.parameters()}, {'params': fc.parameters()}], lr=0.001, momentum=0.9)

# random CIFAR-10-sized batches instead of torchvision's CIFAR10 loader
trainloader = [(torch.randn(batch_size, 3, 32, 32), torch.randint(0, num_classes, (batch_size,))) for _ in range(2)]


def train(trainloader, model, fc, criterion, optimizer, epoch):
    ratio = 0.5 * (epoch / 160)
    model.train()
    fc.train()
    for i, (input, target) in enumerate(trainloader):
        loss, output = criterion(model, fc, input, target, ratio)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print(epoch, i, loss.item())


for epoch in range(1):
    train(trainloader, net, fc, isda_criterion, optimizer, epoch)

import argparse

import torch
import torch.nn.functional as F
import torch.optim as optim
from torch.autograd import Variable
from torch.utils.data import DataLoader, TensorDataset

import model

parser = argparse.ArgumentParser('parameters')
parser.add_argument('--lr', type=float, default=0.001, help='initial learning rate')
parser.add_argument('--batch-size', type=int, default=32, help='batch size')
parser.add_argument('--epoch', type=int, default=1, help='number of epochs to train')
parser.add_argument('--num_classes', type=int, default=10, help='number of classes')
parser.add_argument('--no-cuda', action='store_true', default=False, help='disables CUDA training')
args = parser.parse_args()
args.cuda = not args.no_cuda and torch.cuda.is_available()

# 80 random CIFAR-sized images instead of the 50000 of CIFAR-10: neither divides by batch 32
train_data = TensorDataset(torch.rand(80, 3, 32, 32), torch.randint(0, args.num_classes, (80,)))
train_loader = DataLoader(train_data, batch_size=args.batch_size, shuffle=True)

net = model.SqueezeNet(num_classes=args.num_classes)
if args.cuda:
    net.cuda()
optimizer = optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)


def train(epoch):
    net.train()
    for b_idx, (data, targets) in enumerate(train_loader):
        if args.cuda:
            data, targets = data.cuda(), targets.cuda()
        data, targets = Variable(data), Variable(targets)
        optimizer.zero_grad()
        scores = net.forward(data)
        scores = scores.view(args.batch_size, args.num_classes)  # expect: TL405
        loss = F.nll_loss(scores, targets)
        loss.backward()
        optimizer.step()
        print('Train Epoch: {} [{}/{}]\tLoss: {:.6f}'.format(
            epoch, (b_idx + 1) * len(data), len(train_loader.dataset), loss.item()))


for i in range(1, args.epoch + 1):
    train(i)

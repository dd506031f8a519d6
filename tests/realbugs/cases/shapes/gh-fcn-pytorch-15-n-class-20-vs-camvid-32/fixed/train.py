# -*- coding: utf-8 -*-

from __future__ import print_function

import torch
import torch.nn as nn
import torch.optim as optim
from torch.autograd import Variable
from torch.utils.data import DataLoader

from fcn import VGGNet, FCNs
from CamVid_loader import CamVidDataset


n_class    = 32

batch_size = 2
epochs     = 1
lr         = 1e-4
momentum   = 0
w_decay    = 1e-5

dataset = 'CamVid'  # sys.argv[1] in the repository
train_file = "CamVid/train.csv"

use_gpu = torch.cuda.is_available()

train_data = CamVidDataset(csv_file=train_file, phase='train')
train_loader = DataLoader(train_data, batch_size=batch_size, shuffle=True)

vgg_model = VGGNet(requires_grad=True, remove_fc=True)
fcn_model = FCNs(pretrained_net=vgg_model, n_class=n_class)

criterion = nn.BCEWithLogitsLoss()
optimizer = optim.RMSprop(fcn_model.parameters(), lr=lr, momentum=momentum, weight_decay=w_decay)


def train():
    for epoch in range(epochs):
        for iter, batch in enumerate(train_loader):
            optimizer.zero_grad()

            if use_gpu:
                inputs = Variable(batch['X'].cuda())
                labels = Variable(batch['Y'].cuda())
            else:
                inputs, labels = Variable(batch['X']), Variable(batch['Y'])

            outputs = fcn_model(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()

            print("epoch{}, iter{}, loss: {}".format(epoch, iter, loss.item()))


if __name__ == "__main__":
    train()

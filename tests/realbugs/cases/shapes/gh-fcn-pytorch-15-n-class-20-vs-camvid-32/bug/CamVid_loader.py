# -*- coding: utf-8 -*-

from __future__ import print_function

import numpy as np
import torch
from torch.utils.data import Dataset

num_class = 32
means     = np.array([103.939, 116.779, 123.68]) / 255. # mean of three channels in the order of BGR
train_h   = 64   # int(720 * 2 / 3) = 480 in the repository
train_w   = 96   # int(960 * 2 / 3) = 640 in the repository


class CamVidDataset(Dataset):
    """CamVid crops with one-hot labels; random images and label maps instead of the CSV-listed files."""

    def __init__(self, csv_file, phase, n_class=num_class, crop=True, flip_rate=0.5, length=4):
        self.means     = means
        self.n_class   = n_class
        self.new_h     = train_h
        self.new_w     = train_w
        self.length    = length

    def __len__(self):
        return self.length

    def __getitem__(self, idx):
        img   = torch.rand(3, self.new_h, self.new_w)
        label = torch.randint(0, self.n_class, (self.new_h, self.new_w))

        # create one-hot encoding
        h, w = label.size()
        target = torch.zeros(self.n_class, h, w)
        for c in range(self.n_class):
            target[c][label == c] = 1

        sample = {'X': img, 'Y': target, 'l': label}

        return sample

# -*- coding: utf-8 -*-
# The ICDAR 2015 reader (cv2, pyclipper shrinking of the text polygons) is replaced by random
# images with n nested rectangular "text kernels" of the same shapes.
import torch
from torch.utils import data


class MyDataset(data.Dataset):
    def __init__(self, data_dir, data_shape: int = 640, n=6, m=0.5, transform=None, target_transform=None):
        generator = torch.Generator().manual_seed(0)
        self.images = torch.rand(4, 3, data_shape, data_shape, generator=generator)
        self.labels = torch.zeros(4, n, data_shape, data_shape)
        for i in range(n):
            inset = data_shape // 8 + i * (data_shape // (4 * n))
            self.labels[:, n - 1 - i, inset:data_shape - inset, inset:data_shape - inset] = 1
        self.training_masks = torch.ones(4, data_shape, data_shape)

    def __getitem__(self, index):
        return self.images[index], self.labels[index], self.training_masks[index]

    def __len__(self):
        return len(self.images)

#!/usr/bin/env python
# The VOC/SBD readers (PIL, scipy.io) are replaced by random 32x32 images whose label map marks
# one random rectangle as one random class; class_names, mean_bgr, transform and untransform are
# the original VOCClassSegBase's.

import numpy as np
import torch
from torch.utils import data


class VOCClassSegBase(data.Dataset):

    class_names = np.array([
        'background',
        'aeroplane',
        'bicycle',
        'bird',
        'boat',
        'bottle',
        'bus',
        'car',
        'cat',
        'chair',
        'cow',
        'diningtable',
        'dog',
        'horse',
        'motorbike',
        'person',
        'potted plant',
        'sheep',
        'sofa',
        'train',
        'tv/monitor',
    ])
    mean_bgr = np.array([104.00698793, 116.66876762, 122.67891434])

    def __init__(self, root, split='train', transform=False, n_images=4):
        self.root = root
        self.split = split
        self._transform = transform
        rng = np.random.RandomState(0 if split == 'train' else 1)
        self.images = rng.randint(0, 256, (n_images, 32, 32, 3)).astype(np.uint8)
        self.labels = np.zeros((n_images, 32, 32), dtype=np.int32)
        for i in range(n_images):
            top, left = rng.randint(0, 16, 2)
            self.labels[i, top:top + 16, left:left + 16] = rng.randint(1, 21)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        img, lbl = self.images[index], self.labels[index]
        if self._transform:
            return self.transform(img, lbl)
        else:
            return img, lbl

    def transform(self, img, lbl):
        img = img[:, :, ::-1]  # RGB -> BGR
        img = img.astype(np.float64)
        img -= self.mean_bgr
        img = img.transpose(2, 0, 1)
        img = torch.from_numpy(img.copy()).float()
        lbl = torch.from_numpy(lbl).long()
        return img, lbl

    def untransform(self, img, lbl):
        img = img.numpy()
        img = img.transpose(1, 2, 0)
        img += self.mean_bgr
        img = img.astype(np.uint8)
        img = img[:, :, ::-1]
        lbl = lbl.numpy()
        return img, lbl


class VOC2011ClassSeg(VOCClassSegBase):
    pass


class SBDClassSeg(VOCClassSegBase):
    pass

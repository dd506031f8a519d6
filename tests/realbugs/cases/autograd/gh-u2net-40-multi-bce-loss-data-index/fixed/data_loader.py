"""Stands in for the repository's data_loader.py (skimage/PIL image pipeline over DUTS): the same names,
with SalObjDataset yielding random 32x32 images and binary saliency masks in the same dict samples."""
import torch
from torch.utils.data import Dataset


class RescaleT(object):
    def __init__(self, output_size):
        self.output_size = output_size

    def __call__(self, sample):
        return sample


Rescale = RescaleT


class RandomCrop(object):
    def __init__(self, output_size):
        self.output_size = output_size

    def __call__(self, sample):
        return sample


class ToTensor(object):
    def __call__(self, sample):
        return sample


class ToTensorLab(object):
    def __init__(self, flag=0):
        self.flag = flag

    def __call__(self, sample):
        return sample


class SalObjDataset(Dataset):
    def __init__(self, img_name_list, lbl_name_list, transform=None):
        self.image_name_list = img_name_list
        self.label_name_list = lbl_name_list
        self.transform = transform

    def __len__(self):
        return 2

    def __getitem__(self, idx):
        sample = {'imidx': torch.tensor([idx]), 'image': torch.rand(3, 32, 32), 'label': (torch.rand(1, 32, 32) > 0.5).float()}
        if self.transform:
            sample = self.transform(sample)
        return sample

import torch
from torch.utils.data import TensorDataset


def _pairs(n, patch_size, seed):
    # GoPro sharp/blurred crops are replaced by random "sharp" images and a box-blurred copy
    generator = torch.Generator().manual_seed(seed)
    sharp = torch.rand(n, 3, patch_size, patch_size, generator=generator)
    blurred = torch.nn.functional.avg_pool2d(sharp, 3, stride=1, padding=1)
    return TensorDataset(sharp, blurred)


def get_training_data(rgb_dir, img_options):
    return _pairs(8, img_options['patch_size'], 0)


def get_validation_data(rgb_dir, img_options):
    return _pairs(4, img_options['patch_size'], 1)

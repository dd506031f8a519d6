# Stand-in for the repository's datasets package: the NWPU-MOC images (RGB + NIR tiles and
# per-class dot maps, read from DataSet/MOC_Pre) are replaced by random tensors of the same
# layout. Each sample is a dict like the repository's train_collate produces:
# 'rgb' (3,H,W), 'nir' (3,H,W), 'gt_map' (6, H/8, W/8)  (LABEL_FACTOR = 8).
import torch
from torch.utils.data import DataLoader, Dataset
from importlib import import_module
from config import cfg


class RandomMOC(Dataset):
    def __init__(self, n, size, num_class=6, label_factor=8):
        self.n, self.size, self.num_class, self.label_factor = n, size, num_class, label_factor

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        h, w = self.size
        gt = (torch.rand(self.num_class, h // self.label_factor, w // self.label_factor) > 0.9).float()
        return {'rgb': torch.randn(3, h, w), 'nir': torch.randn(3, h, w), 'gt_map': gt * 100.}


def loading_data(datasetname):
    cfg_data = import_module(f'datasets.setting.{datasetname}').cfg_data
    train_loader = DataLoader(RandomMOC(2 * cfg_data.TRAIN_BATCH_SIZE, cfg_data.TRAIN_SIZE, label_factor=cfg_data.LABEL_FACTOR),
                              batch_size=cfg_data.TRAIN_BATCH_SIZE, shuffle=True, drop_last=True)
    val_loader = DataLoader(RandomMOC(1, cfg_data.TRAIN_SIZE, label_factor=cfg_data.LABEL_FACTOR),
                            batch_size=cfg_data.VAL_BATCH_SIZE)
    return train_loader, val_loader

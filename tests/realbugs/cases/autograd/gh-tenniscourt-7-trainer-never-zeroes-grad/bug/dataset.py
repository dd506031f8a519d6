import numpy as np
from torch.utils.data import Dataset


class courtDataset(Dataset):
    """Stands in for the repository's dataset (court photos and 15 keypoint heatmaps read with cv2):
    random 3x64x64 images and 15x64x64 heatmaps, the same (image, heatmaps) samples."""

    def __init__(self, mode, input_height=64, input_width=64):
        self.mode = mode
        self.input_height = input_height
        self.input_width = input_width

    def __len__(self):
        return 4

    def __getitem__(self, index):
        img = np.random.rand(3, self.input_height, self.input_width).astype(np.float32)
        hm_hp = np.random.rand(15, self.input_height, self.input_width).astype(np.float32)
        return img, hm_hp

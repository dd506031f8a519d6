# A dataset that keeps a numpy view and mutates it for augmentation.
import numpy as np
import torch


class NoisyDataset(torch.utils.data.Dataset):
    def __init__(self, array):
        self.array = array
        self.tensor = torch.from_numpy(array)

    def __len__(self):
        return len(self.array)

    def __getitem__(self, index):
        return self.tensor[index]


data = np.random.rand(10, 3)
features = torch.from_numpy(data)
noise = np.random.randn(10, 3) * 0.01
data += noise  # expect: TL301
print(features[0])

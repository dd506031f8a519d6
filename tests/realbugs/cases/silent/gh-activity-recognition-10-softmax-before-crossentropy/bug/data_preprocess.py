# encoding=utf-8
"""
    Created on 10:38 2018/11/10 
    @author: Jindong Wang
"""

import numpy as np
from torch.utils.data import Dataset, DataLoader
from config import config_info


# Load data function: the UCI HAR download and its parsing (format_data_x/format_data_y) are
# replaced by random windows of the same layout, (N, 128, 9) signals and one-hot labels, where
# each activity adds its own offset pattern to the 9 channels so the classes are learnable
def load_data():
    rng = np.random.RandomState(0)
    patterns = rng.randn(6, 1, 9)
    y_train, y_test = rng.randint(0, 6, 384), rng.randint(0, 6, 128)
    X_train = patterns[y_train] + rng.randn(384, 128, 9)
    X_test = patterns[y_test] + rng.randn(128, 128, 9)
    Y_train, Y_test = np.eye(6)[y_train], np.eye(6)[y_test]
    return X_train, onehot_to_label(Y_train), X_test, onehot_to_label(Y_test)


def onehot_to_label(y_onehot):
    a = np.argwhere(y_onehot == 1)
    return a[:, -1]


class data_loader(Dataset):
    def __init__(self, samples, labels, t):
        self.samples = samples
        self.labels = labels
        self.T = t

    def __getitem__(self, index):
        sample, target = self.samples[index], self.labels[index]
        if self.T:
            return self.T(sample), target
        else:
            return sample, target

    def __len__(self):
        return len(self.samples)


def normalize(x):
    x_min = x.min(axis=(0, 2, 3), keepdims=True)
    x_max = x.max(axis=(0, 2, 3), keepdims=True)
    x_norm = (x - x_min) / (x_max - x_min)
    return x_norm


def load(batch_size=64):
    x_train, y_train, x_test, y_test = load_data()
    x_train, x_test = x_train.reshape(
        (-1, 9, 1, 128)), x_test.reshape((-1, 9, 1, 128))
    transform = None
    train_set = data_loader(x_train, y_train, transform)
    test_set = data_loader(x_test, y_test, transform)
    train_loader = DataLoader(
        train_set, batch_size=batch_size, shuffle=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader

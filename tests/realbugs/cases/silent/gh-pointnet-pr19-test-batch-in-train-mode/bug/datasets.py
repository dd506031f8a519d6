from __future__ import print_function
import torch.utils.data as data
import torch
import numpy as np


class PartDataset(data.Dataset):
    # The ShapeNet part-annotation reader is replaced by random point clouds: each of 4 classes
    # is a noisy sample of its own random ellipsoid; classification=True returns (points, cls)
    # like the original, points (npoints, 3) and cls a LongTensor of shape (1,).
    def __init__(self, root, npoints = 2500, classification = False, class_choice = None, train = True):
        self.npoints = npoints
        self.classification = classification
        self.classes = {'Airplane': 0, 'Chair': 1, 'Lamp': 2, 'Table': 3}
        rng = np.random.RandomState(0 if train else 1)
        axes = np.random.RandomState(2).rand(4, 3) + 0.5
        self.labels = rng.randint(0, 4, 32 if train else 16)
        directions = rng.randn(len(self.labels), npoints, 3)
        directions /= np.linalg.norm(directions, axis=2, keepdims=True)
        self.points = (directions * axes[self.labels][:, None, :] + 0.05 * rng.randn(len(self.labels), npoints, 3)).astype(np.float32)

    def __getitem__(self, index):
        point_set = torch.from_numpy(self.points[index])
        cls = torch.from_numpy(np.array([self.labels[index]]).astype(np.int64))
        if self.classification:
            return point_set, cls
        else:
            return point_set, cls

    def __len__(self):
        return len(self.labels)

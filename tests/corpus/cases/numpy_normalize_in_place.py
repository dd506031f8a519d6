# Images loaded as numpy, wrapped with from_numpy, then normalized in place.
import numpy as np
import torch


def load_batch(paths):
    images = np.stack([np.load(p) for p in paths]).astype(np.float32)
    batch = torch.from_numpy(images)
    images /= 255.0  # expect: TL301
    return batch.permute(0, 3, 1, 2)


def load_batch_ok(paths):
    images = np.stack([np.load(p) for p in paths]).astype(np.float32)
    images /= 255.0
    return torch.from_numpy(images).permute(0, 3, 1, 2)

import numpy as np
import torch

labels = np.array([0, 1, 1, 0])
target = torch.tensor(labels)
labels[0] = 1
print(target)
copy = np.array(target)
copy += 1
print(target)

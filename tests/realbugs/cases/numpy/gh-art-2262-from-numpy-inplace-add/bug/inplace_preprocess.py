import numpy as np
import torch

x = np.array([1])
y = torch.from_numpy(x)
y += 1  # expect: TL301

print(x)  # [2]
print(y)  # [2]

import torch
import numpy as np

array = np.arange(1.0, 8.0)
tensor = torch.from_numpy(array)

array[0] = 5.0  # expect: TL301
print(array, tensor) # array and tensor now both start with 5.

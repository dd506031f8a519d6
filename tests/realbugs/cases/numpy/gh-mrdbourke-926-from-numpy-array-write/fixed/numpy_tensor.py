import torch
import numpy as np

array = np.arange(1.0, 8.0)
tensor = torch.tensor(array)

array[0] = 5.0
print(array, tensor) # array and tensor now both start with 5.

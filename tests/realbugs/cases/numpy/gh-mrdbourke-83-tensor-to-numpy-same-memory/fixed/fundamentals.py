import torch

# converting from tensor to numpy
t = torch.ones(7)
np_array = t.numpy().copy()
print(t , t.dtype , np_array , np_array.dtype)

# change the tensor see what happens to the numpy array
t += 10
print(t , t.dtype , np_array , np_array.dtype)

import torch

# converting from tensor to numpy
t = torch.ones(7)
np_array = t.numpy()
print(t , t.dtype , np_array , np_array.dtype)

# change the tensor see what happens to the numpy array
t += 10  # expect: TL301
print(t , t.dtype , np_array , np_array.dtype)

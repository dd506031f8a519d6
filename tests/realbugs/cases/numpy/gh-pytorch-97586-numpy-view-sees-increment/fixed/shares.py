import torch

tensor = torch.ones(7)
np_tensor = tensor.numpy().copy()
print(tensor, np_tensor)
tensor += 1
print(tensor, np_tensor)

import torch

tensor = torch.ones(7)
np_tensor = tensor.numpy()
print(tensor, np_tensor)
tensor += 1  # expect: TL301
print(tensor, np_tensor)

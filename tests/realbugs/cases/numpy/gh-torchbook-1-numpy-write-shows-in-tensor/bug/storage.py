import torch
t = torch.zeros(2,2)
print(t)
import numpy as np
n = t.numpy()
print(n)
n[0,0] = 777  # expect: TL301
print(n)
print(t)

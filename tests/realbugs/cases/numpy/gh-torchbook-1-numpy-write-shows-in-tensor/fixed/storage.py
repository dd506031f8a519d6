import torch
t = torch.zeros(2,2)
print(t)
import numpy as np
n = t.numpy().copy()
print(n)
n[0,0] = 777
print(n)
print(t)

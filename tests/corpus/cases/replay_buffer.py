# A replay buffer that hands out tensors sharing memory with its ring buffer.
import numpy as np
import torch

storage = np.zeros((1000, 4), dtype=np.float32)
cursor = 0
states = torch.as_tensor(storage)
storage[cursor] = np.ones(4)  # expect: TL301
cursor += 1
q_values = states.sum(dim=1)

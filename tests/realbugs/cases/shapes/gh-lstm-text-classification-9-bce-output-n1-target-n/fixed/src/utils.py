import numpy as np


class PrepareData:
   """Stand-in for the repository's tweet preprocessing: 16 train and 16 test sentences of random
   characters (at most 40, the trimmed seq_len), 0/1 labels, and the one-hot index of each of the 37 characters."""

   def __init__(self):
      chars = "abcdefghijklmnopqrstuvwxyz0123456789 "
      rng = np.random.default_rng(0)
      self.dict_one_hot = {c: i for i, c in enumerate(chars)}
      self.dictionary = {c: np.eye(len(chars))[i] for i, c in enumerate(chars)}
      make = lambda n: ["".join(rng.choice(list(chars), rng.integers(10, 40))) for _ in range(n)]
      self.x_train, self.x_test = make(16), make(16)
      self.y_train = rng.integers(0, 2, 16).astype(np.float32)
      self.y_test = rng.integers(0, 2, 16).astype(np.float32)

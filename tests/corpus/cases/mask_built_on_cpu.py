# An attention mask created without device= next to GPU scores.
import torch

scores = torch.randn(2, 8, 8).cuda()
mask = torch.triu(torch.ones(8, 8), diagonal=1).bool()
scores = scores.masked_fill(mask, float("-inf"))  # expect: TL201
weights = torch.softmax(scores, dim=-1)

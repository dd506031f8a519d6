import torch

scores = torch.randn(2, 8, 8).cuda()
mask = torch.triu(torch.ones(8, 8, device=scores.device), diagonal=1).bool()
scores = scores.masked_fill(mask, float("-inf"))
total = scores.sum() + torch.tensor(1.0)

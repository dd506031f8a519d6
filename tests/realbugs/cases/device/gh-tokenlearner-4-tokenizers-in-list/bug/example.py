import torch
from tokenlearner_pytorch import TokenLearner

# the README example, trained on the GPU
tklr = TokenLearner(S=8).cuda()
x = torch.rand(16, 32, 32, 3).cuda()
y = tklr(x) # [16, 8, 3]
print(y.shape)

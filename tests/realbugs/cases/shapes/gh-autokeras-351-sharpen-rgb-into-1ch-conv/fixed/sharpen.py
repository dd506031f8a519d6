import torch.nn as nn
import torch as t
from torch.autograd import Variable as V

# stand-in for to_tensor(Image.open('lena.jpg').convert('L')): one grey channel -> 1 x H x W
lena = t.rand(1, 64, 64)

input = lena.unsqueeze(0)  # 输入是一个batch, batch_size=1
# 锐化卷积核
kernel = t.ones(3, 3) / -9
kernel[1][1] = 1
conv = nn.Conv2d(1, 1, (3, 3), 1, bias=False)
conv.weight.data = kernel.view(1, 1, 3, 3)

out = conv(V(input))
print(out.data.squeeze(0).shape)

import torch

from operations import FactorizedReduce, ReLUConvBN

# a custom data set of 28x28 images: after the stem and two reduction cells the maps are 7x7,
# and the next reduction's skip connection is a FactorizedReduce on that odd-sized map
C = 16
stem = ReLUConvBN(3, C, 3, 1, 1)
reduce1 = FactorizedReduce(C, 2 * C)
reduce2 = FactorizedReduce(2 * C, 4 * C)
reduce3 = FactorizedReduce(4 * C, 8 * C)

images = torch.randn(2, 3, 28, 28)
s = stem(images)
s = reduce1(s)  # 14x14
s = reduce2(s)  # 7x7
s = reduce3(s)
print(s.shape)

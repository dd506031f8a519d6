# Stand-in for torchvision (it does not import beside this torch): MNIST as 256 random
# 1x28x28 images with labels, and the two transforms the script uses.
from . import datasets, transforms

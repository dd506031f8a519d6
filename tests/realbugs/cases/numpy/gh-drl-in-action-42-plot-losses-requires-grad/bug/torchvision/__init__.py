# Stand-in for torchvision (it does not import beside this torch): datasets.MNIST with
# random 28x28 uint8 images and labels instead of the downloaded files.
from . import datasets
